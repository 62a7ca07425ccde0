namespace SmartSender.Core.Analytics.Stats;

/// <summary>Everything the Analytics page draws for one filter.</summary>
public sealed record StatsReport(
    StatsFilter Filter,
    StatsCounts Totals,
    IReadOnlyList<StatsPoint> Series,
    IReadOnlyList<ProviderStats> Providers,
    IReadOnlyList<ReasonCount> BounceReasons,
    IReadOnlyList<LinkClicks> TopLinks,
    IReadOnlyList<DomainStats> Domains);

public sealed record StatsPoint(DateTime Bucket, StatsCounts Counts);

/// <summary>Delivery by mailbox provider. An empty provider is mail refused before it was routed.</summary>
public sealed record ProviderStats(string Provider, long Delivered, long Deferred, long Bounced);

public sealed record ReasonCount(string Reason, long Count);

/// <summary>Clicks by people on one link, and the messages whose first click was on it.</summary>
public sealed record LinkClicks(string Url, long Clicks, long Messages);

/// <summary>How one sending domain's mail fared: what the Overview checks for domains that need attention.</summary>
public sealed record DomainStats(string Domain, long Submitted, long Delivered, long Bounced, long Complained)
{
    public double? BounceRate => Submitted == 0 ? null : (double)Bounced / Submitted;

    public double? ComplaintRate => Delivered == 0 ? null : (double)Complained / Delivered;
}

/// <summary>What the dashboard's filters offer: the values the account's recent mail had.</summary>
public sealed record StatsChoices(IReadOnlyList<string> Domains, IReadOnlyList<string> Providers, IReadOnlyList<string> Tags);
