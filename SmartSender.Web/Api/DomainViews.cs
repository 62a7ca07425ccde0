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

    /// <summary>Days after which the DKIM key is rotated by itself; null: only by hand.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("key_rotation_days")]
    public int? KeyRotationDays { get; init; }

    /// <summary>When the scheduled rotation publishes the next key; null without a schedule or while a new key waits for its record.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("next_rotation_at")]
    public DateTime? NextRotationAt { get; init; }

    /// <summary>The selector of a new key that waits for its DNS record, during a rotation.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("pending_selector")]
    public string? PendingSelector { get; init; }

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
        KeyRotationDays = domain.KeyRotationDays,
        NextRotationAt = domain.NextRotationAt,
        PendingSelector = domain.PendingKey?.Selector,
    };
}

[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public record ChangeDomainBody([property: System.Text.Json.Serialization.JsonPropertyName("key_rotation_days")] int? KeyRotationDays);
