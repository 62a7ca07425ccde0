using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Suppressions;

/// <summary>The addresses each account no longer sends to.</summary>
public class SuppressionList(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock) : IDisposable
{
    private readonly SuppressionLookup _lookup = new(contexts);

    public Task<Suppression?> FindAsync(Guid accountId, string address, CancellationToken ct = default) =>
        _lookup.FindEntryAsync(accountId, Suppression.Normalize(address), ct);

    /// <summary>Why and since when the address is listed, or null: the send path's question, asked on every submission.</summary>
    public Task<(SuppressionReason Reason, DateTime CreatedAt)?> ReasonAsync(Guid accountId, string address, CancellationToken ct = default) =>
        _lookup.FindAsync(accountId, Suppression.Normalize(address), ct);

    public void Dispose()
    {
        _lookup.Dispose();
        GC.SuppressFinalize(this);
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

    public const int MaxPageSize = 200;

    /// <summary>Newest first; <paramref name="search"/> matches part of the address.</summary>
    public async Task<SuppressionPage> SearchAsync(Guid accountId, string? search, SuppressionReason? reason, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Suppressions.AsNoTracking().Where(s => s.AccountId == accountId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var part = search.Trim().ToLowerInvariant();
            query = query.Where(s => s.Address.Contains(part));
        }

        if (reason is { } r)
        {
            query = query.Where(s => s.Reason == r);
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Address).Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(ct);
        return new SuppressionPage(items, total);
    }

    /// <summary>The account stops sending to <paramref name="address"/> by its own choice; an address already listed keeps its first reason.</summary>
    public async Task<Result<Suppression>> AddManualAsync(Guid accountId, string? address, string? note, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(address) || !MimeKit.MailboxAddress.TryParse(address.Trim(), out var mailbox) || !mailbox.Address.Contains('@') || mailbox.Address != address.Trim())
        {
            return SuppressionErrors.AddressInvalid(address);
        }

        await AddAsync(accountId, mailbox.Address, SuppressionReason.Manual, string.IsNullOrWhiteSpace(note) ? "added by the account" : note.Trim(), null, ct);
        return Result<Suppression>.Success((await FindAsync(accountId, mailbox.Address, ct))!);
    }

    /// <summary>
    /// Takes the address off the list, keeping a record of the removal. A complaint can only be removed by an
    /// administrator of the installation, with the reason stated.
    /// </summary>
    public async Task<Result<SuppressionRemoval>> RemoveAsync(Guid accountId, string address, string removedBy, bool isAdmin, string? why, CancellationToken ct = default)
    {
        var normalized = Suppression.Normalize(address);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var erased = ErasedAddress.Of(accountId, normalized);
        var entry = await db.Suppressions.Where(s => s.AccountId == accountId && (s.Address == normalized || s.Address == erased))
            .OrderBy(s => s.Address == erased).FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            return SuppressionErrors.NotListed(normalized);
        }

        if (entry.Reason == SuppressionReason.Complaint && !isAdmin)
        {
            return SuppressionErrors.ComplaintNeedsAdmin(normalized);
        }

        if (entry.Reason == SuppressionReason.Complaint && string.IsNullOrWhiteSpace(why))
        {
            return SuppressionErrors.ReasonRequired();
        }

        var removal = new SuppressionRemoval(entry, removedBy, string.IsNullOrWhiteSpace(why) ? null : why.Trim(), clock.GetUtcNow().UtcDateTime);
        db.Suppressions.Remove(entry);
        db.SuppressionRemovals.Add(removal);
        await db.SaveChangesAsync(ct);
        return Result<SuppressionRemoval>.Success(removal);
    }
}
