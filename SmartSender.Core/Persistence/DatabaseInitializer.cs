using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>Brings the database up to date when the program starts.</summary>
public class DatabaseInitializer(SmartSenderDbContext db)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets the dashboard read while delivery writes; the mode is kept in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
