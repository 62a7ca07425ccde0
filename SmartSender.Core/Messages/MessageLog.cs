using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Reads an account's messages for the dashboard and the API; never another account's.
/// Each call uses its own short-lived context, so overlapping calls from one circuit are safe.
/// </summary>
public class MessageLog(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public const int MaxPageSize = 100;

    /// <summary>Newest first, paged in the database.</summary>
    public async Task<MessagePage> ListAsync(Guid accountId, int page, int pageSize, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        page = Math.Max(page, 0);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Messages.AsNoTracking().Where(m => m.AccountId == accountId);
        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(m => new MessageSummary(m.Id, m.From, m.To, m.Subject, m.Status, m.CreatedAt, m.UpdatedAt, m.LastReply))
            .ToListAsync(ct);
        return new MessagePage(items, total);
    }

    /// <summary>The message with its timeline, oldest event first.</summary>
    public async Task<Message?> FindAsync(Guid accountId, Guid messageId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Messages.AsNoTracking()
            .Include(m => m.Events.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id))
            .FirstOrDefaultAsync(m => m.Id == messageId && m.AccountId == accountId, ct);
    }
}
