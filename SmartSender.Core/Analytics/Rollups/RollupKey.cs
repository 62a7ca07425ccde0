using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics.Rollups;

/// <summary>The slice one event counts in, by hour; <see cref="Daily"/> gives the same slice by day.</summary>
public sealed record RollupKey(
    Guid AccountId,
    DateTime Bucket,
    string Tag,
    MessageEventType Type,
    bool Machine,
    string Domain,
    string Provider,
    MessageStream Stream,
    Guid TemplateId,
    Guid CampaignId,
    string Reason,
    string Link)
{
    public RollupKey Daily() => this with { Bucket = Bucket.Date };

    public static DateTime HourOf(DateTime at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc);
}

/// <summary>What one save adds to one slice.</summary>
public sealed class RollupDelta
{
    public long Count { get; set; }

    public long Uniques { get; set; }
}
