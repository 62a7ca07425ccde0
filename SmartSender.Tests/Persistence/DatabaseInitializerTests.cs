using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

public class DatabaseInitializerTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Initialize_PutsTheFileInWalMode()
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Initialize_AppliesEveryMigration_AndTheModelHasNoChangesWithoutOne()
    {
        await using var db = _database.CreateContext();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task Initialize_Twice_IsHarmless()
    {
        await using var db = _database.CreateContext();

        await new Core.Persistence.DatabaseInitializer(db).InitializeAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Initialize_ADatabaseWithMigrationsThisBuildDoesNotKnow_IsRefusedWithAMessage_AndLeftAsItWas()
    {
        await using var db = _database.CreateContext();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261128000000_FromAnOlderBuild', '10.0.0')""");
        var tables = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table'").SingleAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new Core.Persistence.DatabaseInitializer(db).InitializeAsync());

        Assert.Contains("20261128000000_FromAnOlderBuild", refused.Message);
        Assert.Contains("Start from a new database", refused.Message);
        Assert.Equal(tables, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table'").SingleAsync());
    }
}
