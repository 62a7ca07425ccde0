using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// Adds deltas to the four rollup tables: one upsert per table, prepared once per connection and executed once per slice, so rows are
/// incremented in place and two writers never lose each other's counts (SQLite and PostgreSQL share the syntax).
/// On PostgreSQL the upserts can join the caller's batch, so a group commit's rollups cost no round trip of their own.
/// Parameters come from the model's own type mappings, so values are stored exactly as EF stores them.
/// </summary>
internal static class RollupWriter
{
    private static readonly (string Name, Type Type)[] TotalKey =
    [
        ("AccountId", typeof(Guid)), ("Tag", typeof(string)), ("Bucket", typeof(DateTime)), ("Type", typeof(string)),
        ("Machine", typeof(bool)), ("Domain", typeof(string)), ("Provider", typeof(string)), ("Writer", typeof(short)),
    ];

    private static readonly (string Name, Type Type)[] FullKey =
        [.. TotalKey, ("Stream", typeof(string)), ("TemplateId", typeof(Guid)), ("CampaignId", typeof(Guid)), ("Reason", typeof(string)), ("Link", typeof(string))];

    /// <summary>
    /// This process's rows on PostgreSQL, drawn once at random (1–32767); 0 on SQLite and for rebuilt rows. Instances
    /// sharing one database each add to rows of their own, so one's open transaction never makes the other's wait for
    /// the hot rows of the hour (ADR 0041); readers sum over writers like over any other dimension they leave out.
    /// </summary>
    internal static short ProcessWriter { get; } = (short)Random.Shared.Next(1, short.MaxValue);

    /// <param name="queuedToldToQuota">The writer tells the quota of the Queued counts itself (<see cref="Quota.QuotaReads.Queued"/>), so the quota's counts need not be read again.</param>
    /// <param name="batch">PostgreSQL: the caller's batch, which takes the upserts after its own rows and which the caller sends; without it each upsert is executed here.</param>
    public static Task WriteAsync(
        SmartSenderDbContext db, Dictionary<RollupKey, RollupDelta> deltas, CancellationToken ct, bool queuedToldToQuota = false, NpgsqlBatch? batch = null) =>
        WriteAsync(db, deltas, db.Database.IsNpgsql() ? ProcessWriter : (short)0, ct, queuedToldToQuota, batch);

    /// <param name="writer">The writer's own rows (<see cref="ProcessWriter"/>).</param>
    public static async Task WriteAsync(
        SmartSenderDbContext db, Dictionary<RollupKey, RollupDelta> deltas, short writer, CancellationToken ct, bool queuedToldToQuota = false, NpgsqlBatch? batch = null)
    {
        var hourly = deltas.Where(d => d.Value.Count != 0 || d.Value.Uniques != 0).ToList();
        var daily = Sum(hourly, k => k.Daily());
        await UpsertAsync(db, "HourlyRollups", FullKey, hourly, writer, batch, ct);
        await UpsertAsync(db, "DailyRollups", FullKey, daily, writer, batch, ct);
        await UpsertAsync(db, "HourlyTotals", TotalKey, Sum(hourly, Total), writer, batch, ct);
        await UpsertAsync(db, "DailyTotals", TotalKey, Sum(daily, Total), writer, batch, ct);

        // Plain ADO.NET, which EF's interceptors never see: the quota's cached counts learn of the write here.
        if (!queuedToldToQuota && hourly.Any(d => d.Key.Type == Common.MessageEventType.Queued))
        {
            Persistence.Caching.TableWriteWatcher.Instance.Wrote(Persistence.Caching.CachedTable.QueuedTotals, db.Database.CurrentTransaction?.GetDbTransaction());
        }
    }

    /// <summary>The totals tables' slice: the same key without stream, template, campaign, reason and link.</summary>
    private static RollupKey Total(RollupKey key) => key with { Stream = default, TemplateId = Guid.Empty, CampaignId = Guid.Empty, Reason = "", Link = "" };

    private static List<KeyValuePair<RollupKey, RollupDelta>> Sum(List<KeyValuePair<RollupKey, RollupDelta>> rows, Func<RollupKey, RollupKey> slice) =>
    [
        .. rows.GroupBy(d => slice(d.Key))
            .Select(g => KeyValuePair.Create(g.Key, new RollupDelta { Count = g.Sum(d => d.Value.Count), Uniques = g.Sum(d => d.Value.Uniques) })),
    ];

    private static async Task UpsertAsync(
        SmartSenderDbContext db, string table, (string Name, Type Type)[] key, List<KeyValuePair<RollupKey, RollupDelta>> rows, short writer, NpgsqlBatch? batch,
        CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var upsert = ConnectionStatements.Get(db, (typeof(Upsert), table), db => new Upsert(db, table, key), static upsert => upsert.Command);

        // Always in one order: two transactions that add to the same rows (concurrent writers on PostgreSQL) then wait
        // for each other instead of deadlocking.
        foreach (var (slice, delta) in rows.OrderBy(r => r.Key, KeyOrder.Instance))
        {
            object[] values =
            [
                slice.AccountId, slice.Tag, slice.Bucket, slice.Type.ToString(), slice.Machine, slice.Domain, slice.Provider, writer,
                slice.Stream.ToString(), slice.TemplateId, slice.CampaignId, slice.Reason, slice.Link,
            ];
            if (batch is not null)
            {
                upsert.AddTo(batch, [.. values.Take(key.Length), delta.Count, delta.Uniques]);
                continue;
            }

            for (var i = 0; i < key.Length; i++)
            {
                upsert.Parameters[i].Value = values[i];
            }

            upsert.Parameters[key.Length].Value = delta.Count;
            upsert.Parameters[key.Length + 1].Value = delta.Uniques;
            await upsert.Command.ExecuteNonQueryAsync(ct);
        }
    }

    private sealed class KeyOrder : IComparer<RollupKey>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare(RollupKey? x, RollupKey? y)
        {
            if (x is null || y is null)
            {
                return (x is null).CompareTo(y is null);
            }

            int c;
            return (c = x.AccountId.CompareTo(y.AccountId)) != 0 ? c
                : (c = x.Bucket.CompareTo(y.Bucket)) != 0 ? c
                : (c = string.CompareOrdinal(x.Tag, y.Tag)) != 0 ? c
                : (c = x.Type.CompareTo(y.Type)) != 0 ? c
                : (c = x.Machine.CompareTo(y.Machine)) != 0 ? c
                : (c = string.CompareOrdinal(x.Domain, y.Domain)) != 0 ? c
                : (c = string.CompareOrdinal(x.Provider, y.Provider)) != 0 ? c
                : (c = x.Stream.CompareTo(y.Stream)) != 0 ? c
                : (c = x.TemplateId.CompareTo(y.TemplateId)) != 0 ? c
                : (c = x.CampaignId.CompareTo(y.CampaignId)) != 0 ? c
                : (c = string.CompareOrdinal(x.Reason, y.Reason)) != 0 ? c
                : string.CompareOrdinal(x.Link, y.Link);
        }
    }

    /// <summary>One table's upsert, kept on its connection (<see cref="ConnectionStatements"/>).</summary>
    private sealed class Upsert
    {
        public Upsert(SmartSenderDbContext db, string table, (string Name, Type Type)[] key)
        {
            var columns = string.Join(", ", key.Select(c => $"\"{c.Name}\""));
            Command = db.Database.GetDbConnection().CreateCommand();
            Command.CommandText =
                $"INSERT INTO \"{table}\" ({columns}, \"Count\", \"Uniques\") VALUES ({string.Join(", ", Enumerable.Range(0, key.Length + 2).Select(i => $"@p{i}"))}) " +
                $"ON CONFLICT ({columns}) DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\", \"Uniques\" = \"{table}\".\"Uniques\" + excluded.\"Uniques\"";
            var mappings = db.GetService<IRelationalTypeMappingSource>();
            Mappings = [.. key.Select(c => c.Type).Append(typeof(long)).Append(typeof(long)).Select(type => mappings.FindMapping(type)!)];
            Parameters = [.. Mappings.Select((mapping, i) => mapping.CreateParameter(Command, $"@p{i}", mapping.ClrType == typeof(string) ? "" : Activator.CreateInstance(mapping.ClrType)!))];
            Command.Parameters.AddRange(Parameters);
        }

        public System.Data.Common.DbCommand Command { get; }

        public System.Data.Common.DbParameter[] Parameters { get; }

        private RelationalTypeMapping[] Mappings { get; }

        /// <summary>Adds the upsert of one slice to <paramref name="batch"/>, with parameters of its own.</summary>
        public void AddTo(NpgsqlBatch batch, object[] values)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = Command.CommandText;
            for (var i = 0; i < Mappings.Length; i++)
            {
                command.Parameters.Add(Mappings[i].CreateParameter(Command, $"@p{i}", values[i]));
            }

            batch.BatchCommands.Add(command);
        }
    }
}
