using System.Text.Json.Serialization;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Webhooks;

namespace SmartSender.Web.Api;

/// <summary>A webhook endpoint as the API shows it: its events by the names receivers see (<c>message.hard_bounced</c>); never its secret.</summary>
public record WebhookView(
    Guid Id, string Url, IReadOnlyList<string> Events, bool Enabled, string Status, DateTime? FailingSince, string? LastError, DateTime CreatedAt,
    [property: JsonPropertyName("previous_secret_expires_at")] DateTime? PreviousSecretExpiresAt)
{
    public static WebhookView Of(WebhookEndpoint e, DateTime now) => new(
        e.Id, e.Url, [.. e.Types.Select(WebhookPayload.TypeName)], !e.Disabled, e.Status.ToString(), e.FailingSince, e.LastError, e.CreatedAt,
        e.PreviousSecretUntil > now ? e.PreviousSecretUntil : null);
}

/// <summary>A new endpoint, or one whose secret was rotated, with the <c>whsec_</c> secret: shown in this answer only.</summary>
public record WebhookWithSecretView(WebhookView Endpoint, string Secret);

/// <summary>One post to an endpoint and how its tries went; its event type as the payload names it (<c>message.delivered</c>, <c>webhook.test</c>).</summary>
public record WebhookDeliveryView(
    Guid Id, Guid EndpointId, string EventType, string State, int Attempts, int? LastStatusCode, string? LastError,
    DateTime CreatedAt, DateTime? NextAttemptAt, DateTime? CompletedAt)
{
    public static WebhookDeliveryView Of(WebhookDelivery d) => new(
        d.Id, d.EndpointId, Enum.TryParse<MessageEventType>(d.EventType, out var type) ? WebhookPayload.TypeName(type) : d.EventType, d.State.ToString(), d.Attempts, d.LastStatusCode, d.LastError, d.CreatedAt,
        d.State == WebhookDeliveryState.Pending ? d.NextAttemptAt : null, d.CompletedAt);
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record WebhookBody(string? Url, IReadOnlyList<string>? Events, bool? Enabled)
{
    /// <summary>The event types by either name (<c>message.hard_bounced</c> or <c>HardBounced</c>); the names that are none, apart.</summary>
    public (List<MessageEventType> Types, List<string> Unknown) ParseEvents()
    {
        var byName = Enum.GetValues<MessageEventType>().SelectMany(t => new[] { (WebhookPayload.TypeName(t), t), (t.ToString(), t) })
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.OrdinalIgnoreCase);
        var types = new List<MessageEventType>();
        var unknown = new List<string>();
        foreach (var name in Events ?? [])
        {
            if (byName.TryGetValue(name?.Trim() ?? "", out var type))
            {
                types.Add(type);
            }
            else
            {
                unknown.Add(name ?? "null");
            }
        }

        return (types, unknown);
    }
}
