using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace SmartSender.Core.Persistence;

/// <summary>The one place that knows which database provider is in use.</summary>
public static class DatabaseProviderSelection
{
    public static void UseConfiguredProvider(this DbContextOptionsBuilder builder, DatabaseOptions options, string contentRoot)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                // A query that loads several collections runs as one statement (a domain with its keys and checks is
                // small); saying so silences EF's warning that asks which behaviour is meant.
                builder.UseSqlite(SqliteConnectionString(options, contentRoot), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)).AddInterceptors(SqliteWriteGate.Instance, Caching.TableWriteWatcher.Instance);

                // SQLite adds a constraint by rebuilding the table, which needs PRAGMA foreign_keys outside the
                // migration's transaction; EF warns about that on every fresh database. It is expected here.
                builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(PostgresConnectionString(options), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery))
                    .AddInterceptors(Caching.TableWriteWatcher.Instance);
                break;
            default:
                throw new InvalidOperationException($"Database provider {options.Provider} is not supported.");
        }
    }

    public static string ResolveDataDirectory(DatabaseOptions options, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, options.DataDirectory));

    /// <summary>
    /// The operator's connection string with two defaults of ours where it does not set them: statements used again
    /// and again are prepared on the server (<c>Max Auto Prepare</c>), so PostgreSQL parses and plans each once per
    /// connection instead of once per message; and a connection given back to the pool is not reset
    /// (<c>No Reset On Close</c>): nothing of ours leaves session state behind, and the reset would cost a round trip
    /// on every use and drop the prepared statements.
    /// </summary>
    public static string PostgresConnectionString(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "Database:Provider is Postgres but Database:ConnectionString is empty. Give the server's connection string, " +
                "e.g. \"Host=127.0.0.1;Port=5432;Database=smartsender;Username=smartsender;Password=…\".");
        }

        // Npgsql's own builder answers ContainsKey for every keyword it knows; the plain one holds only what was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = options.ConnectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ToString();
    }

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
