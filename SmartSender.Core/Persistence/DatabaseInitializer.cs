using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>Brings the database up to date when the program starts.</summary>
public class DatabaseInitializer(SmartSenderDbContext db)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await RefuseUnknownHistoryAsync(ct);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets the dashboard read while delivery writes; the mode is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// A database whose migrations this build does not know (one made by a development build from before the
    /// migrations were squashed into one, or by a newer SmartSender) is refused with a message that says so, instead
    /// of failing half-way through creating tables that are already there.
    /// </summary>
    private async Task RefuseUnknownHistoryAsync(CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var unknown = applied.Except(db.Database.GetMigrations(), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database holds {unknown.Count} migration(s) this build of SmartSender does not know, such as {unknown[0]}: it was made " +
                "by a development build from before the migrations were squashed into one, or by a newer SmartSender. Start from a new " +
                "database (a new data folder, or an empty PostgreSQL database), or run the SmartSender that made it.");
        }
    }
}
