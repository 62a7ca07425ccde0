using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Cancels a message that still waits (<see cref="WaitingMessage"/>): what <see cref="Message.Cancel"/> does, as one
/// conditional UPDATE that a delivery worker's claim excludes, with the Cancelled event written through SaveChanges,
/// which keeps the rollups and tells the webhooks.
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
            var changed = await WaitingMessage.Where(db, accountId, messageId, now).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, MessageStatus.Cancelled)
                .SetProperty(m => m.LastReply, why)
                .SetProperty(m => m.UpdatedAt, now)
                .SetProperty(m => m.ClaimId, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
            var message = await WaitingMessage.FindAsync(db, accountId, messageId, ct);
            if (changed == 0)
            {
                return WaitingMessage.WhyNot(message, now);
            }

            // Like every event, it carries the provider of the message's lane, so its analytics slice is the message's.
            db.MessageEvents.Add(new MessageEvent(messageId, MessageEventType.Cancelled, now, why, EventSource.SmartSender) { Provider = message!.Provider });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Result<Message>.Success(message);
        }
    }
}
