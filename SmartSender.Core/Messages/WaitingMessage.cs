using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// A message that still waits (queued, held or scheduled) and that no delivery worker holds: what
/// <see cref="MessageCancellation"/> and <see cref="MessageSchedule"/> may change, each in one conditional UPDATE, so
/// a worker claiming it at the same moment either finds it changed or keeps it; never both.
/// </summary>
internal static class WaitingMessage
{
    public static IQueryable<Message> Where(SmartSenderDbContext db, Guid accountId, Guid messageId, DateTime now) =>
        db.Messages.Where(m => m.Id == messageId && m.AccountId == accountId
            && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held)
            && (m.ClaimedUntil == null || m.ClaimedUntil <= now));

    /// <summary>Why the conditional UPDATE changed nothing: no such message, a worker holds it, or it no longer waits.</summary>
    public static Error WhyNot(Message? message, DateTime now) => message switch
    {
        null => MessageErrors.NotFound(),
        { Status: MessageStatus.Queued or MessageStatus.Held, ClaimedUntil: { } until } when until > now => MessageErrors.BeingDelivered(),
        _ => MessageErrors.NoLongerWaiting(message.Status),
    };

    public static Task<Message?> FindAsync(SmartSenderDbContext db, Guid accountId, Guid messageId, CancellationToken ct) =>
        db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.AccountId == accountId, ct);
}
