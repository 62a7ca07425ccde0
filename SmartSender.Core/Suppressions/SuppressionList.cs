using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Suppressions;

/// <summary>The addresses each account no longer sends to.</summary>
public class SuppressionList(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public async Task<Suppression?> FindAsync(Guid accountId, string address, CancellationToken ct = default)
    {
        var normalized = Suppression.Normalize(address);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Suppressions.AsNoTracking().FirstOrDefaultAsync(s => s.AccountId == accountId && s.Address == normalized, ct);
    }

    /// <summary>Adds the address unless it is already there; the first reason stays.</summary>
    public async Task AddAsync(Guid accountId, string address, SuppressionReason reason, string? detail, Guid? messageId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await StageAsync(db, new Suppression(accountId, address, reason, detail, messageId, clock.GetUtcNow().UtcDateTime), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Added at the same moment by another worker: one entry is what was wanted.
            if (await FindAsync(accountId, address, ct) is null)
            {
                throw;
            }
        }
    }

    /// <summary>
    /// Adds the entry to <paramref name="db"/>, to be saved with the caller's other changes, unless the address is
    /// already listed or staged there; the first reason stays.
    /// </summary>
    public static async Task StageAsync(SmartSenderDbContext db, Suppression entry, CancellationToken ct = default)
    {
        var listed = db.Suppressions.Local.Any(s => s.AccountId == entry.AccountId && s.Address == entry.Address)
            || await db.Suppressions.AnyAsync(s => s.AccountId == entry.AccountId && s.Address == entry.Address, ct);
        if (!listed)
        {
            db.Suppressions.Add(entry);
        }
    }

    public async Task<List<Suppression>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Suppressions.AsNoTracking().Where(s => s.AccountId == accountId).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
    }
}
