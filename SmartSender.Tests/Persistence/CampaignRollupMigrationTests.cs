using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// A database from before rollups were kept per campaign, migrated: the rollups are computed again from the raw
/// events, so campaign mail sent before the change counts for its campaign, and the totals stay what the events say.
/// </summary>
public sealed class CampaignRollupMigrationTests : IDisposable
{
    private const string Before = "20261207060925_DeliverabilityAndCampaigns";
    private const string Campaign = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
    private readonly TestFolder _folder = new("campaign-rollups");

    private string ConnectionString => $"Data Source={Path.Combine(_folder.Path, "old.db")};Pooling=False";

    [Fact]
    public async Task RollupsFromBeforeTheChange_AreComputedAgain_WithEachMessagesCampaign()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
        }

        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await RawRows.InsertAsync(connection, "Messages", new() { ["Id"] = "m1", ["Status"] = "Delivered", ["CampaignId"] = Campaign, ["Stream"] = "Marketing" });
            await RawRows.InsertAsync(connection, "Messages", new() { ["Id"] = "m2", ["Status"] = "Delivered", ["Stream"] = "Transactional" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 1, ["MessageId"] = "m1", ["Type"] = "Delivered", ["OccurredAt"] = "2026-12-01 10:15:00" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 2, ["MessageId"] = "m2", ["Type"] = "Delivered", ["OccurredAt"] = "2026-12-01 10:20:00" });
            await RawRows.InsertAsync(connection, "MessageEvents", new() { ["Id"] = 3, ["MessageId"] = "m1", ["Type"] = "Opened", ["OccurredAt"] = "2026-12-01 11:05:00" });
            await RawRows.InsertAsync(connection, "HourlyTotals", new() { ["Type"] = "Delivered", ["Bucket"] = "2026-12-01 10:00:00", ["Count"] = 2 });
        }

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        await using var check = new SqliteConnection(ConnectionString);
        await check.OpenAsync();
        Assert.Equal(
            [$"{Campaign}:Delivered:1", $"{Campaign}:Opened:1", "00000000-0000-0000-0000-000000000000:Delivered:1"],
            await RawRows.ColumnAsync(check, """SELECT "CampaignId" || ':' || "Type" || ':' || "Count" FROM "HourlyRollups" ORDER BY "CampaignId" DESC, "Type" """));
        Assert.Equal([$"{Campaign}:Delivered:1", $"{Campaign}:Opened:1"],
            await RawRows.ColumnAsync(check, $"""SELECT "CampaignId" || ':' || "Type" || ':' || "Count" FROM "DailyRollups" WHERE "CampaignId" = '{Campaign}' ORDER BY "Type" """));
        Assert.Equal(["Delivered:2:2026-12-01 10:00:00", "Opened:1:2026-12-01 11:00:00"],
            await RawRows.ColumnAsync(check, """SELECT "Type" || ':' || "Count" || ':' || "Bucket" FROM "HourlyTotals" ORDER BY "Type" """));
    }

    public void Dispose() => _folder.Dispose();

    private SmartSenderDbContext Context() => new(new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite(ConnectionString).Options);
}
