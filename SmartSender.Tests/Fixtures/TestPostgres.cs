using Npgsql;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server of this test run: <c>SMARTSENDER_TEST_POSTGRES</c>, a connection string to a server where the
/// tests may create databases (the README's test command starts a private one when it can). Without it, the tests that
/// run on PostgreSQL report themselves skipped with this reason, and the SQLite half of each still runs.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "SMARTSENDER_TEST_POSTGRES";

    public static string? ConnectionString { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static bool IsAvailable => ConnectionString is not null;

    public static string Unavailable =>
        $"No PostgreSQL server for the tests: {Variable} is not set (./test.sh starts a private cluster when it runs as root on Debian).";

    public static async Task CreateDatabaseAsync(string name)
    {
        Skip.IfNot(IsAvailable, Unavailable);
        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
    }

    public static async Task DropDatabaseAsync(string name)
    {
        using (var ofThatDatabase = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString()))
        {
            NpgsqlConnection.ClearPool(ofThatDatabase);
        }

        await using var admin = new NpgsqlConnection(ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
