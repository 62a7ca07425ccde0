using Microsoft.Data.Sqlite;

namespace SmartSender.Tests.Fixtures;

/// <summary>Rows written and read in plain SQL, for tests of migrations over databases of an older shape.</summary>
public static class RawRows
{
    /// <summary>A row with the given values and a placeholder in every other required column; keys are not checked.</summary>
    public static async Task InsertAsync(SqliteConnection connection, string table, Dictionary<string, object> values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""PRAGMA foreign_keys = OFF; SELECT "name", "type", "notnull" FROM pragma_table_info('{table}')""";
        var row = new Dictionary<string, object>(values);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var (name, type, required) = (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2));
                if (required && !row.ContainsKey(name))
                {
                    row[name] = type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase) || type.Equals("REAL", StringComparison.OrdinalIgnoreCase) ? 0 : "x";
                }
            }
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = $"""INSERT INTO "{table}" ({string.Join(", ", row.Keys.Select(k => $"\"{k}\""))}) VALUES ({string.Join(", ", row.Keys.Select((_, i) => $"$p{i}"))})""";
        foreach (var (value, i) in row.Values.Select((v, i) => (v, i)))
        {
            insert.Parameters.AddWithValue($"$p{i}", value);
        }

        await insert.ExecuteNonQueryAsync();
    }

    public static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
