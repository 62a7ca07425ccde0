using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics.Stats;

/// <summary>
/// The figures of the Overview, the Analytics page and <c>GET /api/v1/stats</c>, read from the rollups only (never
/// the raw events): hourly rollups for hourly buckets, daily ones for days. Always one account's. Each range is read
/// in one scan, summed by the database over the slices no chart tells apart (stream, template), and the charts'
/// figures are worked out from those rows in memory.
/// </summary>
public sealed class AccountStats(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public const int TopLinkCount = 10;

    private static readonly MessageEventType[] BounceTypes =
        [MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.SoftBounced, MessageEventType.Expired];

    /// <summary>The totals of the range of <paramref name="filter"/> and of the one before it, read in one scan grouped in key order.</summary>
    private async Task<(StatsCounts Now, StatsCounts Before)> TotalsWithPreviousAsync(Guid accountId, StatsFilter filter, CancellationToken ct = default)
    {
        var previous = filter.Previous();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await Slice(db, accountId, previous, to: filter.To)
            .GroupBy(r => new { r.Bucket, r.Type, r.Machine })
            .Select(g => new { g.Key.Bucket, Sum = new RollupSum(g.Key.Type, g.Key.Machine, g.Sum(r => r.Count), g.Sum(r => r.Uniques)) })
            .ToListAsync(ct);
        return (StatsCounts.Of(rows.Where(r => r.Bucket >= filter.From).Select(r => r.Sum)), StatsCounts.Of(rows.Where(r => r.Bucket < filter.From).Select(r => r.Sum)));
    }

    public async Task<StatsReport> ReportAsync(Guid accountId, StatsFilter filter, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await Rows(Slice(db, accountId, filter)).ToListAsync(ct);
        var full = Full(db, accountId, filter);
        var reasons = await full.Where(r => BounceTypes.Contains(r.Type))
            .GroupBy(r => r.Reason)
            .Select(g => new ReasonCount(g.Key, g.Sum(r => r.Count)))
            .ToListAsync(ct);
        var links = await full.Where(r => r.Type == MessageEventType.Clicked && !r.Machine && r.Link != "")
            .GroupBy(r => r.Link)
            .Select(g => new { Url = g.Key, Clicks = g.Sum(r => r.Count), Messages = g.Sum(r => r.Uniques) })
            .OrderByDescending(l => l.Clicks).ThenBy(l => l.Url)
            .Take(TopLinkCount)
            .ToListAsync(ct);
        return Report(filter, rows) with
        {
            BounceReasons = [.. reasons.Where(r => r.Count > 0)
                .Select(r => r with { Reason = r.Reason.Length == 0 ? "Unclassified" : r.Reason })
                .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)],
            TopLinks = [.. links.Select(l => new LinkClicks(l.Url, l.Clicks, l.Messages))],
        };
    }

    /// <summary>
    /// The Overview's figures: the last 24 hours in full and the 24 before in total (one scan of hourly rollups),
    /// the last 30 days and the 30 before in total (one scan of daily rollups).
    /// </summary>
    public async Task<OverviewStats> OverviewAsync(Guid accountId, DateTime now, CancellationToken ct = default)
    {
        var day = StatsFilter.LastHours(now, 24);
        var month = StatsFilter.LastDays(now, 30);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var hours = await Rows(Slice(db, accountId, day.Previous(), to: day.To)).ToListAsync(ct);
        var (last30, previous30) = await TotalsWithPreviousAsync(accountId, month, ct);
        return new OverviewStats(
            Report(day, [.. hours.Where(r => r.Bucket >= day.From)]),
            StatsCounts.Of(hours.Where(r => r.Bucket < day.From).Select(r => r.Sum)),
            last30,
            previous30);
    }

    /// <summary>
    /// The sending domains, mailbox providers and tags the account's mail had in the last <paramref name="days"/>
    /// days: the choices of the dashboard's filters, read from the daily rollups in one scan.
    /// </summary>
    public async Task<StatsChoices> ChoicesAsync(Guid accountId, DateTime now, int days = 90, CancellationToken ct = default)
    {
        var since = now.Date.AddDays(-days);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var seen = await db.DailyTotals.AsNoTracking()
            .Where(r => r.AccountId == accountId && r.Bucket >= since && (r.Type == MessageEventType.Queued || r.Type == MessageEventType.Delivered))
            .Select(r => new { r.Tag, r.Type, r.Domain, r.Provider })
            .Distinct()
            .ToListAsync(ct);
        return new StatsChoices(
            [.. seen.Where(s => s.Type == MessageEventType.Queued).Select(s => s.Domain).Distinct().Order(StringComparer.Ordinal)],
            [.. seen.Where(s => s.Type == MessageEventType.Delivered).Select(s => s.Provider).Distinct().Order(StringComparer.Ordinal)],
            [.. seen.Where(s => s.Tag != "").Select(s => s.Tag).Distinct().Order(StringComparer.Ordinal)]);
    }

    private static StatsReport Report(StatsFilter filter, List<Row> rows)
    {
        var buckets = rows.ToLookup(r => r.Bucket, r => r.Sum);
        var series = filter.Buckets().Select(b => new StatsPoint(b, buckets.Contains(b) ? StatsCounts.Of(buckets[b]) : StatsCounts.Empty)).ToList();

        long Sum(IEnumerable<Row> some, params MessageEventType[] types) => some.Where(r => types.Contains(r.Sum.Type)).Sum(r => r.Sum.Count);
        var providers = rows.GroupBy(r => r.Provider)
            .Select(g => new ProviderStats(g.Key, Sum(g, MessageEventType.Delivered), Sum(g, MessageEventType.Deferred), Sum(g, BounceTypes)))
            .Where(p => p.Delivered + p.Deferred + p.Bounced > 0)
            .OrderByDescending(p => p.Delivered + p.Deferred + p.Bounced).ThenBy(p => p.Provider, StringComparer.Ordinal)
            .ToList();
        var domains = rows.GroupBy(r => r.Domain)
            .Select(g => new DomainStats(g.Key, Sum(g, MessageEventType.Queued), Sum(g, MessageEventType.Delivered), Sum(g, BounceTypes), Sum(g, MessageEventType.Complained)))
            .OrderBy(d => d.Domain, StringComparer.Ordinal)
            .ToList();
        return new StatsReport(filter, StatsCounts.Of(rows.Select(r => r.Sum)), series, providers, [], [], domains);
    }

    /// <summary>
    /// The rollups of a range by bucket, type, machine, domain and provider: the leading columns of the rollup key
    /// after account and tag, in that order, so the database sums them as it scans, without sorting.
    /// </summary>
    private static IQueryable<Row> Rows(IQueryable<TotalRollup> slice) => slice
        .GroupBy(r => new { r.Bucket, r.Type, r.Machine, r.Domain, r.Provider })
        .Select(g => new Row(g.Key.Bucket, g.Key.Provider, g.Key.Domain,
            new RollupSum(g.Key.Type, g.Key.Machine, g.Sum(r => r.Count), g.Sum(r => r.Uniques))));

    /// <summary>
    /// The counts of a filter's range: from the totals tables unless the filter needs the stream or template slice,
    /// which only the full rollups have.
    /// </summary>
    private static IQueryable<TotalRollup> Slice(SmartSenderDbContext db, Guid accountId, StatsFilter filter, DateTime? to = null)
    {
        if (filter.Stream is not null || filter.TemplateId is not null || filter.CampaignId is not null)
        {
            return Full(db, accountId, filter, to);
        }

        IQueryable<TotalRollup> totals = filter.Bucket == StatsBucket.Hour ? db.HourlyTotals.AsNoTracking() : db.DailyTotals.AsNoTracking();
        return Within(totals, accountId, filter, to);
    }

    /// <summary>The full rollups of a filter's range: for bounce reasons and links, and for stream, template and campaign filters.</summary>
    private static IQueryable<Rollup> Full(SmartSenderDbContext db, Guid accountId, StatsFilter filter, DateTime? to = null)
    {
        IQueryable<Rollup> rollups = filter.Bucket == StatsBucket.Hour ? db.HourlyRollups.AsNoTracking() : db.DailyRollups.AsNoTracking();
        rollups = Within(rollups, accountId, filter, to);
        if (filter.Stream is { } stream)
        {
            rollups = rollups.Where(r => r.Stream == stream);
        }

        if (filter.TemplateId is { } template)
        {
            rollups = rollups.Where(r => r.TemplateId == template);
        }

        if (filter.CampaignId is { } campaign)
        {
            rollups = rollups.Where(r => r.CampaignId == campaign);
        }

        return rollups;
    }

    private static IQueryable<T> Within<T>(IQueryable<T> rollups, Guid accountId, StatsFilter filter, DateTime? to)
        where T : TotalRollup
    {
        var tag = filter.Tag ?? "";
        var end = to ?? filter.To;
        rollups = rollups.Where(r => r.AccountId == accountId && r.Tag == tag && r.Bucket >= filter.From && r.Bucket < end);
        return filter.Domain is { } domain ? rollups.Where(r => r.Domain == domain) : rollups;
    }

    private sealed record Row(DateTime Bucket, string Provider, string Domain, RollupSum Sum);
}

/// <summary>The Overview's figures: the last 24 hours with their series, providers and domains, and each period's totals against the one before.</summary>
public sealed record OverviewStats(StatsReport Day, StatsCounts DayBefore, StatsCounts Month, StatsCounts MonthBefore);
