using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Moves a scheduled message, and (<see cref="MessageCancellation"/>) cancels a waiting one. Each change is one
/// conditional UPDATE that holds only while the message waits and no delivery worker holds it, so a worker claiming it
/// at the same moment either finds it changed or keeps it (and the caller hears that it is being delivered); never both.
/// </summary>
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
            var changed = await Waiting(db, accountId, messageId, now).Where(m => m.Status == MessageStatus.Queued && m.SendAt != null && m.SendAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.SendAt, due).SetProperty(m => m.NextAttemptAt, due).SetProperty(m => m.UpdatedAt, now), ct);
            if (changed == 0)
            {
                return await FindAsync(db, accountId, messageId, ct) is { Status: MessageStatus.Queued, SendAt: { } at } && at <= now
                    ? MessageErrors.NotScheduled()
                    : await WhyNotAsync(db, accountId, messageId, now, ct);
            }
        }

        // The pump sleeps until the earliest send time it knows: it looks again.
        delivery.Kick();
        return Result<Message>.Success((await FindAsync(db, accountId, messageId, ct))!);
    }

    internal static IQueryable<Message> Waiting(SmartSenderDbContext db, Guid accountId, Guid messageId, DateTime now) =>
        db.Messages.Where(m => m.Id == messageId && m.AccountId == accountId
            && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held)
            && (m.ClaimedUntil == null || m.ClaimedUntil <= now));

    internal static async Task<Result<Message>> WhyNotAsync(SmartSenderDbContext db, Guid accountId, Guid messageId, DateTime now, CancellationToken ct) =>
        await FindAsync(db, accountId, messageId, ct) switch
        {
            null => MessageErrors.NotFound(),
            { Status: MessageStatus.Queued or MessageStatus.Held, ClaimedUntil: { } until } when until > now => MessageErrors.BeingDelivered(),
            { SendAt: null } and { Status: MessageStatus.Queued } => MessageErrors.NotScheduled(),
            var message => MessageErrors.NoLongerWaiting(message.Status),
        };

    internal static Task<Message?> FindAsync(SmartSenderDbContext db, Guid accountId, Guid messageId, CancellationToken ct) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.AccountId == accountId, ct);
}
