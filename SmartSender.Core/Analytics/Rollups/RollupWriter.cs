using System.Text;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// Adds deltas to the hourly and daily rollups with one upsert per table and chunk, so rows are incremented in
/// place and two writers never lose each other's counts (SQLite and PostgreSQL share the syntax).
/// </summary>
internal static class RollupWriter
{
    private const int RowsPerStatement = 60;

    private const string Columns = "\"AccountId\", \"Tag\", \"Bucket\", \"Type\", \"Machine\", \"Domain\", \"Provider\", \"Stream\", \"TemplateId\", \"Reason\", \"Link\"";

    public static async Task WriteAsync(SmartSenderDbContext db, Dictionary<RollupKey, RollupDelta> deltas, CancellationToken ct)
    {
        var hourly = deltas.Where(d => d.Value.Count != 0 || d.Value.Uniques != 0).ToList();
        var daily = hourly
            .GroupBy(d => d.Key.Daily())
            .Select(g => KeyValuePair.Create(g.Key, new RollupDelta { Count = g.Sum(d => d.Value.Count), Uniques = g.Sum(d => d.Value.Uniques) }))
            .ToList();
        await UpsertAsync(db, "HourlyRollups", hourly, ct);
        await UpsertAsync(db, "DailyRollups", daily, ct);
    }

    private static async Task UpsertAsync(SmartSenderDbContext db, string table, List<KeyValuePair<RollupKey, RollupDelta>> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder($"INSERT INTO \"{table}\" ({Columns}, \"Count\", \"Uniques\") VALUES ");
            var parameters = new List<object>(chunk.Length * 13);
            foreach (var (key, delta) in chunk)
            {
                if (parameters.Count > 0)
                {
                    sql.Append(", ");
                }

                sql.Append('(');
                sql.AppendJoin(", ", Enumerable.Range(parameters.Count, 13).Select(i => $"{{{i}}}"));
                sql.Append(')');
                parameters.AddRange(
                [
                    key.AccountId, key.Tag, key.Bucket, key.Type.ToString(), key.Machine, key.Domain, key.Provider,
                    key.Stream.ToString(), key.TemplateId, key.Reason, key.Link, delta.Count, delta.Uniques,
                ]);
            }

            sql.Append($" ON CONFLICT ({Columns}) DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\", \"Uniques\" = \"{table}\".\"Uniques\" + excluded.\"Uniques\"");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
    }
}
