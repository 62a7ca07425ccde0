using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartSender.Core.Persistence;

/// <summary>The one place that knows which database provider is in use.</summary>
public static class DatabaseProviderSelection
{
    public static void UseConfiguredProvider(this DbContextOptionsBuilder builder, DatabaseOptions options, string contentRoot)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(SqliteConnectionString(options, contentRoot)).AddInterceptors(SqliteWriteGate.Instance, Caching.TableWriteWatcher.Instance);

                // SQLite adds a constraint by rebuilding the table, which needs PRAGMA foreign_keys outside the
                // migration's transaction; EF warns about that on every fresh database. It is expected here.
                builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(PostgresConnectionString(options))
                    .AddInterceptors(Caching.TableWriteWatcher.Instance);
                break;
            default:
                throw new InvalidOperationException($"Database provider {options.Provider} is not supported.");
        }
    }

    public static string ResolveDataDirectory(DatabaseOptions options, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, options.DataDirectory));

    private static string PostgresConnectionString(DatabaseOptions options) =>
        string.IsNullOrWhiteSpace(options.ConnectionString)
            ? throw new InvalidOperationException(
                "Database:Provider is Postgres but Database:ConnectionString is empty. Give the server's connection string, " +
                "e.g. \"Host=127.0.0.1;Port=5432;Database=smartsender;Username=smartsender;Password=…\".")
            : options.ConnectionString;

    private static string SqliteConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return options.ConnectionString;
        }

        var directory = ResolveDataDirectory(options, contentRoot);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "smartsender.db"),
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }
}
