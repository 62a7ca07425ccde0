using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics.Stats;

public enum StatsBucket
{
    Hour,
    Day,
}

/// <summary>
/// Which of an account's mail a chart counts: a time range cut into hours or days (UTC), and optionally one sending
/// domain, stream, template and tag. Made by <see cref="Create"/>, which aligns the range to whole buckets.
/// </summary>
public sealed record StatsFilter
{
    /// <summary>Ranges up to this long are cut into hours unless days are asked for.</summary>
    public static readonly TimeSpan HourlyUpTo = TimeSpan.FromDays(3);

    public static readonly TimeSpan MaxHourly = TimeSpan.FromDays(31);

    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    private StatsFilter(DateTime from, DateTime to, StatsBucket bucket) => (From, To, Bucket) = (from, to, bucket);

    /// <summary>The first bucket's start (inclusive).</summary>
    public DateTime From { get; }

    /// <summary>The end of the last bucket (exclusive).</summary>
    public DateTime To { get; }

    public StatsBucket Bucket { get; }

    public string? Domain { get; init; }

    public MessageStream? Stream { get; init; }

    public Guid? TemplateId { get; init; }

    /// <summary>Only the mail of one campaign.</summary>
    public Guid? CampaignId { get; init; }

    public string? Tag { get; init; }

    public TimeSpan Step => Bucket == StatsBucket.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>Every bucket start in the range, in order.</summary>
    public IEnumerable<DateTime> Buckets()
    {
        for (var at = From; at < To; at += Step)
        {
            yield return at;
        }
    }

    /// <summary>The same slices over the range just before this one, of the same length: for "change against the previous period".</summary>
    public StatsFilter Previous() => new(From - (To - From), From, Bucket) { Domain = Domain, Stream = Stream, TemplateId = TemplateId, CampaignId = CampaignId, Tag = Tag };

    public static Result<StatsFilter> Create(DateTime from, DateTime to, StatsBucket? bucket = null)
    {
        (from, to) = (from.ToUniversalTime(), to.ToUniversalTime());
        if (to <= from)
        {
            return new Error("range_invalid", "The end of the range must be later than its start.", "to");
        }

        if (to - from > MaxRange)
        {
            return new Error("range_too_long", $"A range can span at most {MaxRange.TotalDays:0} days.", "from");
        }

        var chosen = bucket ?? (to - from <= HourlyUpTo ? StatsBucket.Hour : StatsBucket.Day);
        if (chosen == StatsBucket.Hour && to - from > MaxHourly)
        {
            return new Error("bucket_too_small", $"Hourly buckets cover at most {MaxHourly.TotalDays:0} days; use day buckets for longer ranges.", "bucket");
        }

        return Result<StatsFilter>.Success(new StatsFilter(Floor(from, chosen), Ceiling(to, chosen), chosen));
    }

    /// <summary>The last <paramref name="hours"/> hours up to the end of the current one.</summary>
    public static StatsFilter LastHours(DateTime now, int hours)
    {
        var end = Floor(now, StatsBucket.Hour).AddHours(1);
        return new StatsFilter(end.AddHours(-hours), end, StatsBucket.Hour);
    }

    /// <summary>The last <paramref name="days"/> UTC days, today included.</summary>
    public static StatsFilter LastDays(DateTime now, int days)
    {
        var end = now.Date.AddDays(1);
        return new StatsFilter(DateTime.SpecifyKind(end.AddDays(-days), DateTimeKind.Utc), DateTime.SpecifyKind(end, DateTimeKind.Utc), StatsBucket.Day);
    }

    private static DateTime Floor(DateTime at, StatsBucket bucket) => bucket == StatsBucket.Hour
        ? new DateTime(at.Year, at.Month, at.Day, at.Hour, 0, 0, DateTimeKind.Utc)
        : new DateTime(at.Year, at.Month, at.Day, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime Ceiling(DateTime at, StatsBucket bucket)
    {
        var floor = Floor(at, bucket);
        return floor == at ? at : floor + (bucket == StatsBucket.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1));
    }
}
