using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics.Stats;

/// <summary>
/// The figures of the Overview, the Analytics page and <c>GET /api/v1/stats</c>, read from the rollups only (never
/// the raw events): hourly rollups for hourly buckets, daily ones for days. Always one account's.
/// </summary>
public sealed class AccountStats(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public const int TopLinkCount = 10;

    private static readonly MessageEventType[] DeliveryTypes =
    [
        MessageEventType.Sent, MessageEventType.Deferred, MessageEventType.Failed, MessageEventType.HardBounced,
        MessageEventType.SoftBounced, MessageEventType.Expired,
    ];

    private static readonly MessageEventType[] BounceTypes =
        [MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.SoftBounced, MessageEventType.Expired];

    private static readonly MessageEventType[] DomainTypes = [MessageEventType.Queued, MessageEventType.Complained, .. DeliveryTypes];

    /// <summary>The totals of a filter's range.</summary>
    public async Task<StatsCounts> TotalsAsync(Guid accountId, StatsFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var sums = await Slice(db, accountId, filter)
            .GroupBy(r => new { r.Type, r.Machine })
            .Select(g => new RollupSum(g.Key.Type, g.Key.Machine, g.Sum(r => r.Count), g.Sum(r => r.Uniques)))
            .ToListAsync(ct);
        return StatsCounts.Of(sums);
    }

    public async Task<StatsReport> ReportAsync(Guid accountId, StatsFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var slice = Slice(db, accountId, filter);
        var byBucket = await slice
            .GroupBy(r => new { r.Bucket, r.Type, r.Machine })
            .Select(g => new { g.Key.Bucket, Sum = new RollupSum(g.Key.Type, g.Key.Machine, g.Sum(r => r.Count), g.Sum(r => r.Uniques)) })
            .ToListAsync(ct);
        var buckets = byBucket.ToLookup(x => x.Bucket, x => x.Sum);
        var series = filter.Buckets().Select(b => new StatsPoint(b, buckets.Contains(b) ? StatsCounts.Of(buckets[b]) : StatsCounts.Empty)).ToList();

        var byProvider = await slice.Where(r => DeliveryTypes.Contains(r.Type))
            .GroupBy(r => new { r.Provider, r.Type })
            .Select(g => new { g.Key.Provider, g.Key.Type, Count = g.Sum(r => r.Count) })
            .ToListAsync(ct);
        var providers = byProvider.GroupBy(x => x.Provider)
            .Select(g => new ProviderStats(
                g.Key,
                g.Where(x => x.Type == MessageEventType.Sent).Sum(x => x.Count),
                g.Where(x => x.Type == MessageEventType.Deferred).Sum(x => x.Count),
                g.Where(x => BounceTypes.Contains(x.Type)).Sum(x => x.Count)))
            .OrderByDescending(p => p.Delivered + p.Deferred + p.Bounced).ThenBy(p => p.Provider, StringComparer.Ordinal)
            .ToList();

        var reasons = await slice.Where(r => BounceTypes.Contains(r.Type))
            .GroupBy(r => r.Reason)
            .Select(g => new ReasonCount(g.Key, g.Sum(r => r.Count)))
            .ToListAsync(ct);

        var links = await slice.Where(r => r.Type == MessageEventType.Clicked && !r.Machine && r.Link != "")
            .GroupBy(r => r.Link)
            .Select(g => new { Url = g.Key, Clicks = g.Sum(r => r.Count), Messages = g.Sum(r => r.Uniques) })
            .OrderByDescending(l => l.Clicks).ThenBy(l => l.Url)
            .Take(TopLinkCount)
            .ToListAsync(ct);

        var byDomain = await slice.Where(r => DomainTypes.Contains(r.Type))
            .GroupBy(r => new { r.Domain, r.Type })
            .Select(g => new { g.Key.Domain, g.Key.Type, Count = g.Sum(r => r.Count) })
            .ToListAsync(ct);
        var domains = byDomain.GroupBy(x => x.Domain)
            .Select(g => new DomainStats(
                g.Key,
                g.Where(x => x.Type == MessageEventType.Queued).Sum(x => x.Count),
                g.Where(x => x.Type == MessageEventType.Sent).Sum(x => x.Count),
                g.Where(x => BounceTypes.Contains(x.Type)).Sum(x => x.Count),
                g.Where(x => x.Type == MessageEventType.Complained).Sum(x => x.Count)))
            .OrderBy(d => d.Domain, StringComparer.Ordinal)
            .ToList();

        return new StatsReport(
            filter,
            StatsCounts.Of(byBucket.Select(x => x.Sum)),
            series,
            providers,
            [.. reasons.Where(r => r.Count > 0).Select(r => r with { Reason = r.Reason.Length == 0 ? "Unclassified" : r.Reason }).OrderByDescending(r => r.Count)],
            [.. links.Select(l => new LinkClicks(l.Url, l.Clicks, l.Messages))],
            domains);
    }

    /// <summary>
    /// The sending domains, mailbox providers and tags the account's mail had in the last <paramref name="days"/>
    /// days: the choices of the dashboard's filters, read from the daily rollups.
    /// </summary>
    public async Task<StatsChoices> ChoicesAsync(Guid accountId, DateTime now, int days = 90, CancellationToken ct = default)
    {
        var since = now.Date.AddDays(-days);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var recent = db.DailyRollups.AsNoTracking().Where(r => r.AccountId == accountId && r.Bucket >= since);
        var domains = await recent.Where(r => r.Tag == "" && r.Type == MessageEventType.Queued)
            .Select(r => r.Domain).Distinct().OrderBy(d => d).Take(500).ToListAsync(ct);
        var providers = await recent.Where(r => r.Tag == "" && r.Type == MessageEventType.Sent)
            .Select(r => r.Provider).Distinct().OrderBy(p => p).Take(500).ToListAsync(ct);
        var tags = await recent.Where(r => r.Tag != "" && r.Type == MessageEventType.Queued)
            .Select(r => r.Tag).Distinct().OrderBy(t => t).Take(500).ToListAsync(ct);
        return new StatsChoices(domains, providers, tags);
    }

    private static IQueryable<Rollup> Slice(SmartSenderDbContext db, Guid accountId, StatsFilter filter)
    {
        IQueryable<Rollup> rollups = filter.Bucket == StatsBucket.Hour ? db.HourlyRollups.AsNoTracking() : db.DailyRollups.AsNoTracking();
        var tag = filter.Tag ?? "";
        rollups = rollups.Where(r => r.AccountId == accountId && r.Tag == tag && r.Bucket >= filter.From && r.Bucket < filter.To);
        if (filter.Domain is { } domain)
        {
            rollups = rollups.Where(r => r.Domain == domain);
        }

        if (filter.Stream is { } stream)
        {
            rollups = rollups.Where(r => r.Stream == stream);
        }

        if (filter.TemplateId is { } template)
        {
            rollups = rollups.Where(r => r.TemplateId == template);
        }

        return rollups;
    }
}
