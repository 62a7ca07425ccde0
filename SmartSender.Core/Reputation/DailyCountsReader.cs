using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Reputation;

/// <summary>Reads an account's daily counts for reputation from the daily rollups and the content review's refusals.</summary>
public static class DailyCountsReader
{
    private static readonly MessageEventType[] Totals = [MessageEventType.Queued, MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.Complained];
    private static readonly MessageEventType[] Marketing = [MessageEventType.Queued, MessageEventType.Unsubscribed];

    /// <summary><paramref name="count"/> consecutive days (test mail, under the simulator's provider, left out) ending with <paramref name="today"/>, oldest first; days without mail are zeros.</summary>
    public static async Task<List<DailyCounts>> ReadAsync(SmartSenderDbContext db, Guid accountId, DateOnly today, int count, CancellationToken ct)
    {
        var first = today.AddDays(1 - count);
        var from = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var totals = await db.DailyTotals.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Tag == "" && r.Bucket >= from && Totals.Contains(r.Type) && r.Provider != SimulatorAddresses.Provider)
            .GroupBy(r => new { r.Bucket, r.Type }).Select(g => new { g.Key.Bucket, g.Key.Type, Count = g.Sum(r => r.Count) }).ToListAsync(ct);
        var marketing = await db.DailyRollups.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Tag == "" && r.Bucket >= from && r.Stream == MessageStream.Marketing && Marketing.Contains(r.Type) && r.Provider != SimulatorAddresses.Provider)
            .GroupBy(r => new { r.Bucket, r.Type }).Select(g => new { g.Key.Bucket, g.Key.Type, Count = g.Sum(r => r.Count) }).ToListAsync(ct);
        var refused = await db.ContentRejections.AsNoTracking().Where(r => r.AccountId == accountId && r.At >= from)
            .GroupBy(r => r.At.Date).Select(g => new { Day = g.Key, Count = g.LongCount() }).ToListAsync(ct);

        var total = totals.ToLookup(t => DateOnly.FromDateTime(t.Bucket));
        var market = marketing.ToLookup(t => DateOnly.FromDateTime(t.Bucket));
        var failures = refused.ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.Count);
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var day = first.AddDays(i);
            long Of(MessageEventType type) => total[day].Where(t => t.Type == type).Sum(t => t.Count);
            long Market(MessageEventType type) => market[day].Where(t => t.Type == type).Sum(t => t.Count);
            return new DailyCounts(day, Of(MessageEventType.Queued), Of(MessageEventType.Failed) + Of(MessageEventType.HardBounced),
                Of(MessageEventType.Complained), Market(MessageEventType.Queued), Market(MessageEventType.Unsubscribed), failures.GetValueOrDefault(day));
        })];
    }
}
