using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Instances;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Backups;

namespace SmartSender.Web.Hosting;

/// <summary>
/// <c>backup --to FILE</c> and <c>restore --from FILE [--replace]</c> for a SQLite installation; PostgreSQL is backed
/// up with its own tools (<c>pg_dump</c>, see docs/operations.md).
/// </summary>
public static class BackupCommands
{
    /// <summary>An instance seen this recently is taken for running: a restore under it would be overwritten or lost.</summary>
    private static readonly TimeSpan Alive = TimeSpan.FromSeconds(30);

    public static async Task<int> BackupAsync(IServiceProvider services, string file)
    {
        if (!IsSqlite(services))
        {
            return 1;
        }

        await using (var db = await services.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContextAsync())
        {
            if (!File.Exists(db.Database.GetDbConnection().DataSource))
            {
                Console.Error.WriteLine($"error: there is no database at {db.Database.GetDbConnection().DataSource} to back up.");
                return 1;
            }
        }

        var report = await BackupNowAsync(services, file);
        Console.WriteLine($"Backed up {report.Messages:N0} messages and {report.Files} other files to {Path.GetFullPath(file)} ({new FileInfo(file).Length / 1024.0 / 1024.0:F1} MiB), as of {report.TakenAt:u}.");
        return 0;
    }

    /// <summary>The backup itself, also run by the scheduled backup job.</summary>
    public static async Task<BackupReport> BackupNowAsync(IServiceProvider services, string file, IReadOnlyList<string>? skip = null, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContextAsync(ct);
        var database = db.Database.GetDbConnection().DataSource;
        return await SqliteBackup.CreateAsync(DataDirectory.Resolve(services), database, file, services.GetRequiredService<TimeProvider>(), skip, ct);
    }

    public static async Task<int> RestoreAsync(IServiceProvider services, string file, bool replace)
    {
        if (!IsSqlite(services))
        {
            return 1;
        }

        var folder = DataDirectory.Resolve(services);
        await using (var db = await services.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContextAsync())
        {
            var database = Path.GetFullPath(db.Database.GetDbConnection().DataSource);
            if (Path.GetDirectoryName(database) != Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))
            {
                Console.Error.WriteLine($"error: Database:ConnectionString puts the database at {database}, outside the data folder {folder}; restore writes into the data folder only.");
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            if (File.Exists(database) && await LastSeenAsync(db) is { } seen && now - seen < Alive)
            {
                Console.Error.WriteLine($"error: an instance of SmartSender wrote its heartbeat in {folder} {(now - seen).TotalSeconds:F0} s ago; stop it before restoring.");
                return 1;
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var restored = SqliteBackup.Restore(file, folder, replace, services.GetRequiredService<TimeProvider>());
        if (!restored.Succeeded)
        {
            restored.Errors.ToList().ForEach(e => Console.Error.WriteLine($"error: {e.Message}"));
            return 1;
        }

        var report = restored.Value!;
        Console.WriteLine($"Restored {report.Backup.Messages:N0} messages and {report.Backup.Files} other files into {folder}, as of {report.Backup.TakenAt:u}." +
            (report.SetAside is null ? "" : $" The files it replaced are in {report.SetAside}."));
        Console.WriteLine("Start SmartSender: it applies any newer migrations at start.");
        return 0;
    }

    private static async Task<DateTime?> LastSeenAsync(SmartSenderDbContext db)
    {
        try
        {
            return await db.Instances.MaxAsync(i => (DateTime?)i.LastSeenAt);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // No Instances table: a database too old to have one, or an empty file.
            return null;
        }
    }

    private static bool IsSqlite(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite)
        {
            return true;
        }

        Console.Error.WriteLine("error: backup and restore copy a SQLite installation; on PostgreSQL use pg_dump and pg_restore (see docs/operations.md).");
        return false;
    }
}
