using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>Moves a scheduled message that still waits (<see cref="WaitingMessage"/>) to another send time.</summary>
public sealed class MessageSchedule(IDbContextFactory<SmartSenderDbContext> contexts, DeliveryKick delivery, TimeProvider clock)
{
    /// <summary>Moves a scheduled message (one with a send time still ahead) to <paramref name="sendAt"/>.</summary>
    public async Task<Result<Message>> RescheduleAsync(Guid accountId, Guid messageId, DateTimeOffset sendAt, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = sendAt.UtcDateTime;
        if (due <= now)
        {
            return MessageErrors.SendAtInPast();
        }

        if (due > now.AddDays(SendRequestValidator.MaxScheduleDays))
        {
            return MessageErrors.SendAtTooFar(SendRequestValidator.MaxScheduleDays);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        using (await SqliteWriteGate.EnterAsync(db, ct, ahead: true))
        {
            var changed = await WaitingMessage.Where(db, accountId, messageId, now).Where(m => m.Status == MessageStatus.Queued && m.SendAt != null && m.SendAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.SendAt, due).SetProperty(m => m.NextAttemptAt, due).SetProperty(m => m.UpdatedAt, now), ct);
            if (changed == 0)
            {
                // A queued message without a send time ahead is due now: there is nothing to move.
                var message = await WaitingMessage.FindAsync(db, accountId, messageId, ct);
                return message is { Status: MessageStatus.Queued } && (message.ClaimedUntil is null || message.ClaimedUntil <= now) && (message.SendAt is null || message.SendAt <= now)
                    ? MessageErrors.NotScheduled()
                    : WaitingMessage.WhyNot(message, now);
            }
        }

        // The pump sleeps until the earliest send time it knows: it looks again.
        delivery.Kick();
        return Result<Message>.Success((await WaitingMessage.FindAsync(db, accountId, messageId, ct))!);
    }
}
