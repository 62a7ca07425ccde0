using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Two databases the same data is written to, one through SaveChanges and one by a writer of its own, then compared
/// row by row: what the writer leaves must be what SaveChanges leaves.
/// </summary>
public sealed class TwinDatabases(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    public TestDatabase BySaveChanges { get; } = new(provider);

    public TestDatabase ByWriter { get; } = new(provider);

    public async Task InitializeAsync()
    {
        await BySaveChanges.InitializeAsync();
        await ByWriter.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await BySaveChanges.DisposeAsync();
        await ByWriter.DisposeAsync();
    }

    /// <summary>The accounts' ids, by name.</summary>
    public static async Task<List<Guid>> AccountIdsAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Accounts.OrderBy(a => a.Name).Select(a => a.Id).ToListAsync();
    }

    /// <summary>
    /// Each table holds the same rows in both, every column as text (ids the database assigns left out), with each id
    /// of <paramref name="ids"/> in the SaveChanges twin read as its counterpart in the writer's.
    /// </summary>
    public async Task AssertSameRowsAsync(IReadOnlyDictionary<Guid, Guid> ids, params string[] tables)
    {
        var translation = ids.ToDictionary(p => p.Key.ToString().ToUpperInvariant(), p => p.Value.ToString().ToUpperInvariant());
        foreach (var table in tables)
        {
            var expected = (await ReadAsync(BySaveChanges, table)).Select(r => Translate(r, translation)).Order(StringComparer.Ordinal).ToList();
            var actual = (await ReadAsync(ByWriter, table)).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
    }

    private static async Task<List<string>> ReadAsync(TestDatabase database, string table)
    {
        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var cells = Enumerable.Range(0, reader.FieldCount)
                .Where(c => !(reader.GetName(c) == "Id" && table != "Messages"))
                .Select(c => $"{reader.GetName(c)}={(reader.IsDBNull(c) ? "NULL" : reader.GetValue(c) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(c) is Guid g ? g.ToString().ToUpperInvariant() : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))}");
            rows.Add(string.Join("|", cells));
        }

        return rows;
    }

    private static string Translate(string row, Dictionary<string, string> ids) =>
        ids.Aggregate(row, (text, pair) => text.Replace(pair.Key, pair.Value, StringComparison.OrdinalIgnoreCase));
}
