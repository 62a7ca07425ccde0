using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// A database from before "Delivered" meant the receiving server's acceptance, migrated: what was stored as Sent is
/// Delivered, the DSN notice once called Delivered is DeliveryConfirmed, in events, rollups, statuses and the event
/// types webhook endpoints chose.
/// </summary>
public sealed class VocabularyMigrationTests : IDisposable
{
    private const string Before = "20261205124103_DomainsWaitForTheirOwner";
    private readonly TestFolder _folder = new("vocabulary");

    private string ConnectionString => $"Data Source={Path.Combine(_folder.Path, "old.db")};Pooling=False";

    [Fact]
    public async Task StoredNames_AreMigratedToTheirNewMeaning()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await InsertAsync(connection, "Messages", new() { ["Id"] = "m1", ["Status"] = "Sent" });
            await InsertAsync(connection, "Messages", new() { ["Id"] = "m2", ["Status"] = "Bounced" });
            await InsertAsync(connection, "MessageEvents", new() { ["Id"] = 1, ["MessageId"] = "m1", ["Type"] = "Sent" });
            await InsertAsync(connection, "MessageEvents", new() { ["Id"] = 2, ["MessageId"] = "m1", ["Type"] = "Delivered" });
            await InsertAsync(connection, "MessageEvents", new() { ["Id"] = 3, ["MessageId"] = "m1", ["Type"] = "Opened" });
            await InsertAsync(connection, "HourlyTotals", new() { ["Type"] = "Sent", ["Count"] = 7 });
            await InsertAsync(connection, "HourlyTotals", new() { ["Type"] = "Delivered", ["Count"] = 2 });
            await InsertAsync(connection, "WebhookEndpoints", new() { ["Id"] = "w1", ["EventTypes"] = "Sent,Deferred,Delivered" });
            await InsertAsync(connection, "WebhookEndpoints", new() { ["Id"] = "w2", ["EventTypes"] = "Delivered" });
        }

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        await using var check = new SqliteConnection(ConnectionString);
        await check.OpenAsync();
        Assert.Equal(["Delivered", "Bounced"], await ColumnAsync(check, """SELECT "Status" FROM "Messages" ORDER BY "Id" """));
        Assert.Equal(["Delivered", "DeliveryConfirmed", "Opened"], await ColumnAsync(check, """SELECT "Type" FROM "MessageEvents" ORDER BY "Id" """));
        Assert.Equal(["Delivered:7", "DeliveryConfirmed:2"], await ColumnAsync(check, """SELECT "Type" || ':' || "Count" FROM "HourlyTotals" ORDER BY "Count" DESC"""));
        Assert.Equal(["Delivered,Deferred,DeliveryConfirmed", "DeliveryConfirmed"], await ColumnAsync(check, """SELECT "EventTypes" FROM "WebhookEndpoints" ORDER BY "Id" """));
        Assert.All(Enum.GetNames<MessageEventType>(), name => Assert.NotEqual("Sent", name));
    }

    public void Dispose() => _folder.Dispose();

    private SmartSenderDbContext Context() => new(new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite(ConnectionString).Options);

    /// <summary>A row with the given values and a placeholder in every other required column; keys are not checked.</summary>
    private static async Task InsertAsync(SqliteConnection connection, string table, Dictionary<string, object> values)
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

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
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
