using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics;

/// <summary>What recipients did with an account's mail since a time: opens and clicks by people (one per message) apart from machines', and the feedback that hurts.</summary>
public sealed record Engagement(int OpenedByPeople, int ClickedByPeople, int MachineOpensAndClicks, int HardBounces, int Complaints, int Unsubscribes);

public sealed class EngagementCounts(IDbContextFactory<SmartSenderDbContext> contexts)
{
    private static readonly MessageEventType[] Counted =
        [MessageEventType.Opened, MessageEventType.Clicked, MessageEventType.HardBounced, MessageEventType.Complained, MessageEventType.Unsubscribed];

    public async Task<Engagement> SinceAsync(Guid accountId, DateTime since, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await (from e in db.MessageEvents.AsNoTracking()
                          join m in db.Messages.AsNoTracking() on e.MessageId equals m.Id
                          where m.AccountId == accountId && e.OccurredAt >= since && Counted.Contains(e.Type)
                          group e by new { e.Type, e.Machine } into g
                          select new { g.Key.Type, g.Key.Machine, Messages = g.Select(x => x.MessageId).Distinct().Count(), Events = g.Count() })
            .ToListAsync(ct);
        int People(MessageEventType type) => rows.Where(r => r.Type == type && !r.Machine).Sum(r => r.Messages);
        return new Engagement(
            People(MessageEventType.Opened),
            People(MessageEventType.Clicked),
            rows.Where(r => r.Machine).Sum(r => r.Events),
            People(MessageEventType.HardBounced),
            People(MessageEventType.Complained),
            People(MessageEventType.Unsubscribed));
    }
}
