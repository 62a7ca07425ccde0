using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Cancels a message that still waits (queued, held or scheduled) in one conditional UPDATE that a delivery worker's
/// claim excludes (see <see cref="MessageSchedule"/>), with its Cancelled event written through SaveChanges, which
/// keeps the rollups and tells the webhooks.
/// </summary>
public sealed class MessageCancellation(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public async Task<Result<Message>> CancelAsync(Guid accountId, Guid messageId, string by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var why = $"Cancelled by {by} before it was sent.";
        await using var db = await contexts.CreateDbContextAsync(ct);
        using (await SqliteWriteGate.EnterAsync(db, ct, ahead: true))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var changed = await MessageSchedule.Waiting(db, accountId, messageId, now).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, MessageStatus.Cancelled)
                .SetProperty(m => m.LastReply, why)
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.ClaimId, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
            if (changed == 0)
            {
                return await MessageSchedule.WhyNotAsync(db, accountId, messageId, now, ct);
            }

            // Through SaveChanges, which writes the event's rollups and tells the webhooks.
            db.MessageEvents.Add(new MessageEvent(messageId, MessageEventType.Cancelled, now, why, EventSource.SmartSender));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return Result<Message>.Success((await MessageSchedule.FindAsync(db, accountId, messageId, ct))!);
    }
}
