using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Common;
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
    private const string After = "20261205190530_DeliveredMeansTheReceivingServerAccepted";
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
            await RawRows.InsertAsync(connection, "Messages", new() { ["Id"] = "m1", ["Status"] = "Sent" });
            await RawRows.InsertAsync(connection, "Messages", new() { ["Id"] = "m2", ["Status"] = "Bounced" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 1, ["MessageId"] = "m1", ["Type"] = "Sent" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 2, ["MessageId"] = "m1", ["Type"] = "Delivered" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 3, ["MessageId"] = "m1", ["Type"] = "Opened" });
            await RawRows.InsertAsync(connection, "HourlyTotals", new() { ["Type"] = "Sent", ["Count"] = 7 });
            await RawRows.InsertAsync(connection, "HourlyTotals", new() { ["Type"] = "Delivered", ["Count"] = 2 });
            await RawRows.InsertAsync(connection, "WebhookEndpoints", new() { ["Id"] = "w1", ["EventTypes"] = "Sent,Deferred,Delivered" });
            await RawRows.InsertAsync(connection, "WebhookEndpoints", new() { ["Id"] = "w2", ["EventTypes"] = "Delivered" });
        }

        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(After);
        }

        await using var check = new SqliteConnection(ConnectionString);
        await check.OpenAsync();
        Assert.Equal(["Delivered", "Bounced"], await RawRows.ColumnAsync(check, """SELECT "Status" FROM "Messages" ORDER BY "Id" """));
        Assert.Equal(["Delivered", "DeliveryConfirmed", "Opened"], await RawRows.ColumnAsync(check, """SELECT "Type" FROM "MessageEvents" ORDER BY "Id" """));
        Assert.Equal(["Delivered:7", "DeliveryConfirmed:2"], await RawRows.ColumnAsync(check, """SELECT "Type" || ':' || "Count" FROM "HourlyTotals" ORDER BY "Count" DESC"""));
        Assert.Equal(["Delivered,Deferred,DeliveryConfirmed", "DeliveryConfirmed"], await RawRows.ColumnAsync(check, """SELECT "EventTypes" FROM "WebhookEndpoints" ORDER BY "Id" """));
        Assert.All(Enum.GetNames<MessageEventType>(), name => Assert.NotEqual("Sent", name));
    }

    public void Dispose() => _folder.Dispose();

    private SmartSenderDbContext Context() => new(new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite(ConnectionString).Options);
}
