using SmartSender.Core.Domains;

namespace SmartSender.Web.Api;

public record AddDomainBody(string? Name, string? Selector);

public record DomainRecordView(
    string Kind, string? Selector, string Type, string Host, string FullName, string Value, IReadOnlyList<string> ValueStrings,
    bool DecidesSending, string Purpose, string Status, string? Found, string? Hint, DateTime? CheckedAt);

public record DomainView(Guid Id, string Name, string Status, bool CanSend, DateTime CreatedAt, DateTime? LastCheckedAt, IReadOnlyList<DomainRecordView> Records)
{
    /// <summary>Where the domain's tracking, open and unsubscribe links point: its own tracking host once verified, else the installation's address.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("tracking_base_url")]
    public string? TrackingBaseUrl { get; init; }

    public static DomainView Of(SendingDomain domain, IReadOnlyList<PublishedRecord> records, Core.Tracking.MessageLinks links) => new(
        domain.Id, domain.Name, domain.Status.ToString(), domain.CanSend, domain.CreatedAt, domain.LastCheckedAt,
        [.. records.Select(r =>
        {
            var check = domain.CheckOf(r.Kind, r.Selector);
            return new DomainRecordView(r.Kind.ToString(), r.Selector, r.Type, r.Host, r.FullName, r.Value, r.ValueStrings,
                r.DecidesSending, r.Purpose, check.Status.ToString(), check.Found, check.Hint, check.CheckedAt);
        })])
    {
        TrackingBaseUrl = links.BaseFor(domain.VerifiedTrackingHost),
    };
}
