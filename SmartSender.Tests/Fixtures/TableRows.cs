using Microsoft.EntityFrameworkCore;

namespace SmartSender.Tests.Fixtures;

/// <summary>A table's rows as text, for comparing what two ways of writing left behind.</summary>
public static class TableRows
{
    /// <summary>Every column of every row, as text, ids the database assigns left out.</summary>
    public static async Task<List<string>> ReadAsync(TestDatabase database, string table)
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
                .Select(c => $"{reader.GetName(c)}={(reader.IsDBNull(c) ? "NULL" : reader.GetValue(c) is byte[] b ? Convert.ToHexString(b) : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture))}");
            rows.Add(string.Join("|", cells));
        }

        return rows;
    }

    /// <summary>The row with each id the other database gave replaced by this one's.</summary>
    public static string Translate(string row, Dictionary<string, string> ids) =>
        ids.Aggregate(row, (text, pair) => text.Replace(pair.Key, pair.Value, StringComparison.OrdinalIgnoreCase));
}
