using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Reputation;

/// <summary>
/// While an account is Bad its queued marketing mail is held, not lost: it leaves the queue (the pump only takes
/// Queued mail) and goes back when an Admin releases it or the level recovers. Mail a sender holds at that moment goes out.
/// </summary>
public sealed class MarketingHold(DeliveryKick delivery)
{
    public const string HeldReply = "Held: the account's reputation is Bad; it is sent when support releases it or the reputation recovers.";

    public static Task<int> HoldAsync(SmartSenderDbContext db, Guid accountId, DateTime now, CancellationToken ct) =>
        db.Messages.Where(m => m.AccountId == accountId && m.Status == MessageStatus.Queued && m.Stream == MessageStream.Marketing
                && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Held).SetProperty(m => m.LastReply, HeldReply)
                .SetProperty(m => m.ClaimId, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.UpdatedAt, now), ct);

    public async Task<int> ReleaseAsync(SmartSenderDbContext db, Guid accountId, DateTime now, CancellationToken ct)
    {
        var released = await db.Messages.Where(m => m.AccountId == accountId && m.Status == MessageStatus.Held)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Queued).SetProperty(m => m.LastReply, (string?)null)
                .SetProperty(m => m.NextAttemptAt, m => m.NextAttemptAt < now ? now : m.NextAttemptAt).SetProperty(m => m.UpdatedAt, now), ct);
        if (released > 0)
        {
            delivery.Kick();
        }

        return released;
    }

    /// <summary>Held messages per account that has any; read through the (Status, AccountId) index, never an account's whole mail.</summary>
    public static Task<Dictionary<Guid, int>> CountsAsync(SmartSenderDbContext db, CancellationToken ct) =>
        db.Messages.Where(m => m.Status == MessageStatus.Held).GroupBy(m => m.AccountId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
