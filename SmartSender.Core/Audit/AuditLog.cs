using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Audit;

/// <summary>A page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>Appends to the audit log and reads it back: one account's entries for its users, all of them for Admins.</summary>
public sealed class AuditLog(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public const int MaxText = 1000;

    public async Task RecordAsync(Guid? accountId, AuditActor actor, string action, string? target = null, string? detail = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry(accountId, actor with { Name = Cut(actor.Name)! }, action, Cut(target), Cut(detail), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    /// <param name="accountId">One account's log; null for every account's (Admins only).</param>
    public async Task<AuditPage> ListAsync(Guid? accountId, int page, int size, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var entries = db.AuditEntries.AsNoTracking().Where(e => accountId == null || e.AccountId == accountId);
        var total = await entries.CountAsync(ct);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(page * size).Take(size).ToListAsync(ct);
        return new AuditPage(items, total);
    }

    private static string? Cut(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;
}
