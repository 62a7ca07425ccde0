namespace SmartSender.Core.Analytics.Stats;

/// <summary>Everything the Analytics page draws for one filter.</summary>
public sealed record StatsReport(
    StatsFilter Filter,
    StatsCounts Totals,
    IReadOnlyList<StatsPoint> Series,
    IReadOnlyList<ProviderStats> Providers,
    IReadOnlyList<ReasonCount> BounceReasons,
    IReadOnlyList<LinkClicks> TopLinks);

public sealed record StatsPoint(DateTime Bucket, StatsCounts Counts);

/// <summary>Delivery by mailbox provider. An empty provider is mail refused before it was routed.</summary>
public sealed record ProviderStats(string Provider, long Delivered, long Deferred, long Bounced);

public sealed record ReasonCount(string Reason, long Count);

/// <summary>Clicks by people on one link, and the messages whose first click was on it.</summary>
public sealed record LinkClicks(string Url, long Clicks, long Messages);
