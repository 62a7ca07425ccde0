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
}
