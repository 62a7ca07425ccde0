using System.Globalization;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Web.Components.Pages.Analytics;

/// <summary>
/// The Analytics page's filters as they stand in its URL, so a view can be shared and reloaded: a named range
/// (24h, 7d, 30d, 90d) or from/to dates (UTC, both included), and optional domain, stream, template and tag.
/// </summary>
public sealed record AnalyticsQuery
{
    public const string DefaultRange = "30d";

    public static readonly IReadOnlyList<(string Key, string Label)> Ranges =
        [("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days"), ("90d", "Last 90 days"), ("custom", "Dates…")];

    public string Range { get; init; } = DefaultRange;

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public string? Domain { get; init; }

    public MessageStream? Stream { get; init; }

    public Guid? Template { get; init; }

    public string? Tag { get; init; }

    public bool IsFiltered => Domain is not null || Stream is not null || Template is not null || Tag is not null;

    public static AnalyticsQuery Parse(string? range, string? from, string? to, string? domain, string? stream, string? template, string? tag) => new()
    {
        Range = Ranges.Any(r => r.Key == range) ? range! : (from is not null || to is not null ? "custom" : DefaultRange),
        From = DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f) ? f : null,
        To = DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null,
        Domain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().ToLowerInvariant(),
        Stream = EnumName.Parse<MessageStream>(stream),
        Template = Guid.TryParse(template, out var id) ? id : null,
        Tag = string.IsNullOrWhiteSpace(tag) ? null : tag.Trim(),
    };

    /// <summary>The stats filter for now: hours for a day or a week, days for longer.</summary>
    public Result<StatsFilter> ToFilter(DateTime now)
    {
        var range = Range switch
        {
            "24h" => Result<StatsFilter>.Success(StatsFilter.LastHours(now, 24)),
            "7d" => StatsFilter.Create(StatsFilter.LastHours(now, 7 * 24).From, StatsFilter.LastHours(now, 1).To, StatsBucket.Hour),
            "90d" => Result<StatsFilter>.Success(StatsFilter.LastDays(now, 90)),
            "custom" => Custom(now),
            _ => Result<StatsFilter>.Success(StatsFilter.LastDays(now, 30)),
        };
        return range.Succeeded
            ? Result<StatsFilter>.Success(range.Value! with { Domain = Domain, Stream = Stream, TemplateId = Template, Tag = Tag })
            : range;
    }

    /// <summary>The URL's query parameters; nulls remove a parameter.</summary>
    public IReadOnlyDictionary<string, object?> ToParameters() => new Dictionary<string, object?>
    {
        ["range"] = Range == DefaultRange ? null : Range,
        ["from"] = Range == "custom" ? From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        ["to"] = Range == "custom" ? To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
        ["domain"] = Domain,
        ["stream"] = Stream?.ToString().ToLowerInvariant(),
        ["template"] = Template?.ToString(),
        ["tag"] = Tag,
    };

    /// <summary>The message log showing the messages behind a bar: the outcome within the range, with the same filters.</summary>
    public string MessagesUrl(StatsFilter filter, string? provider, MessageOutcome outcome) =>
        "/messages" + Messages.MessageQuery.ToQueryString(new MessageFilter
        {
            Outcome = outcome,
            From = filter.From,
            To = filter.To,
            Provider = provider,
            Domain = Domain,
            Stream = Stream,
            TemplateId = Template,
            Tag = Tag,
        });

    private Result<StatsFilter> Custom(DateTime now)
    {
        var to = To ?? DateOnly.FromDateTime(now);
        var from = From ?? to.AddDays(-29);
        return StatsFilter.Create(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }
}
