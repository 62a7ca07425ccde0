using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// Adds deltas to the hourly and daily rollups: one prepared upsert per table, executed once per slice, so rows are
/// incremented in place and two writers never lose each other's counts (SQLite and PostgreSQL share the syntax).
/// Parameters come from the model's own type mappings, so values are stored exactly as EF stores them.
/// </summary>
internal static class RollupWriter
{
    private const string Columns = "\"AccountId\", \"Tag\", \"Bucket\", \"Type\", \"Machine\", \"Domain\", \"Provider\", \"Stream\", \"TemplateId\", \"Reason\", \"Link\"";

    private const string TotalColumns = "\"AccountId\", \"Tag\", \"Bucket\", \"Type\", \"Machine\", \"Domain\", \"Provider\"";

    private static readonly Type[] TotalParameterTypes =
        [typeof(Guid), typeof(string), typeof(DateTime), typeof(string), typeof(bool), typeof(string), typeof(string), typeof(long), typeof(long)];

    private static readonly Type[] ParameterTypes =
    [
        typeof(Guid), typeof(string), typeof(DateTime), typeof(string), typeof(bool), typeof(string), typeof(string),
        typeof(string), typeof(Guid), typeof(string), typeof(string), typeof(long), typeof(long),
    ];

    public static async Task WriteAsync(SmartSenderDbContext db, Dictionary<RollupKey, RollupDelta> deltas, CancellationToken ct)
    {
        var hourly = deltas.Where(d => d.Value.Count != 0 || d.Value.Uniques != 0).ToList();
        var daily = hourly
            .GroupBy(d => d.Key.Daily())
            .Select(g => KeyValuePair.Create(g.Key, new RollupDelta { Count = g.Sum(d => d.Value.Count), Uniques = g.Sum(d => d.Value.Uniques) }))
            .ToList();
        await UpsertAsync(db, "HourlyRollups", hourly, ct);
        await UpsertAsync(db, "DailyRollups", daily, ct);
        await UpsertTotalsAsync(db, "HourlyTotals", hourly, ct);
        await UpsertTotalsAsync(db, "DailyTotals", daily, ct);
    }

    private static async Task UpsertTotalsAsync(SmartSenderDbContext db, string table, List<KeyValuePair<RollupKey, RollupDelta>> rows, CancellationToken ct)
    {
        var totals = rows
            .GroupBy(d => d.Key with { Stream = default, TemplateId = Guid.Empty, Reason = "", Link = "" })
            .Select(g => (Key: g.Key, Count: g.Sum(d => d.Value.Count), Uniques: g.Sum(d => d.Value.Uniques)))
            .ToList();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{table}\" ({TotalColumns}, \"Count\", \"Uniques\") VALUES ({string.Join(", ", TotalParameterTypes.Select((_, i) => $"@p{i}"))}) " +
            $"ON CONFLICT ({TotalColumns}) DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\", \"Uniques\" = \"{table}\".\"Uniques\" + excluded.\"Uniques\"";
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var parameters = TotalParameterTypes.Select((type, i) => mappings.FindMapping(type)!.CreateParameter(command, $"@p{i}", Default(type))).ToArray();
        command.Parameters.AddRange(parameters);
        foreach (var (key, count, uniques) in totals)
        {
            Set(parameters, [key.AccountId, key.Tag, key.Bucket, key.Type.ToString(), key.Machine, key.Domain, key.Provider, count, uniques]);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task UpsertAsync(SmartSenderDbContext db, string table, List<KeyValuePair<RollupKey, RollupDelta>> rows, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO \"{table}\" ({Columns}, \"Count\", \"Uniques\") VALUES ({string.Join(", ", ParameterTypes.Select((_, i) => $"@p{i}"))}) " +
            $"ON CONFLICT ({Columns}) DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\", \"Uniques\" = \"{table}\".\"Uniques\" + excluded.\"Uniques\"";
        var mappings = db.GetService<IRelationalTypeMappingSource>();
        var parameters = ParameterTypes.Select((type, i) => mappings.FindMapping(type)!.CreateParameter(command, $"@p{i}", Default(type))).ToArray();
        command.Parameters.AddRange(parameters);
        foreach (var (key, delta) in rows)
        {
            Set(parameters,
            [
                key.AccountId, key.Tag, key.Bucket, key.Type.ToString(), key.Machine, key.Domain, key.Provider,
                key.Stream.ToString(), key.TemplateId, key.Reason, key.Link, delta.Count, delta.Uniques,
            ]);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void Set(DbParameter[] parameters, object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i];
        }
    }

    private static object Default(Type type) => type == typeof(string) ? "" : Activator.CreateInstance(type)!;
}
