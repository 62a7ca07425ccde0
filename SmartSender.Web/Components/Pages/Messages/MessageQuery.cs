using System.Globalization;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Web.Components.Pages.Messages;

/// <summary>
/// The message log's filters in its URL (and the CSV export's): status, recipient, domain, provider, template (id),
/// tag, stream, outcome, and from/to as ISO times or dates (UTC; a date "to" includes that day).
/// </summary>
public static class MessageQuery
{
    public static MessageFilter Parse(Func<string, string?> get) => new()
    {
        Status = EnumName.Parse<MessageStatus>(get("status")),
        Recipient = Text(get("recipient")),
        Domain = Text(get("domain"))?.ToLowerInvariant(),
        Provider = Text(get("provider")),
        TemplateId = Guid.TryParse(get("template"), out var template) ? template : null,
        CampaignId = Guid.TryParse(get("campaign"), out var campaign) ? campaign : null,
        Tag = Text(get("tag")),
        Stream = EnumName.Parse<MessageStream>(get("stream")),
        Outcome = EnumName.Parse<MessageOutcome>(get("outcome")),
        From = Time(get("from"), endOfDay: false),
        To = Time(get("to"), endOfDay: true),
    };

    /// <summary>The query string of a filter, starting with <c>?</c>, or empty.</summary>
    public static string ToQueryString(MessageFilter filter)
    {
        var parts = new (string Name, string? Value)[]
        {
            ("outcome", filter.Outcome?.ToString().ToLowerInvariant()),
            ("status", filter.Status?.ToString()),
            ("recipient", filter.Recipient),
            ("domain", filter.Domain),
            ("provider", filter.Provider),
            ("template", filter.TemplateId?.ToString()),
            ("campaign", filter.CampaignId?.ToString()),
            ("tag", filter.Tag),
            ("stream", filter.Stream?.ToString().ToLowerInvariant()),
            ("from", filter.From?.ToString("O", CultureInfo.InvariantCulture)),
            ("to", filter.To?.ToString("O", CultureInfo.InvariantCulture)),
        }.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? Time(string? value, bool endOfDay)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (endOfDay ? date.AddDays(1) : date).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : null;
    }
}
