using System.Text.Json;
using System.Text.Json.Serialization;
using SmartSender.Core.Common;
using SmartSender.Core.Events;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// The JSON body of a webhook: <c>type</c>, <c>timestamp</c> and <c>data</c>, as Standard Webhooks suggests, and a
/// <c>sequence</c>: the event's place in the event log, increasing with every event. A retried post arrives after
/// later events did, so a receiver that needs the order sorts by <c>sequence</c>.
/// </summary>
public static class WebhookPayload
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The type name receivers switch on, e.g. <c>message.hard_bounced</c>.</summary>
    public static string TypeName(MessageEventType type) => "message." + JsonNamingPolicy.SnakeCaseLower.ConvertName(type.ToString());

    public static string Of(EventRecord e) => JsonSerializer.Serialize(new
    {
        type = TypeName(e.Type),
        timestamp = e.OccurredAt,
        sequence = e.Id,
        data = new
        {
            eventId = e.Id,
            messageId = e.MessageId,
            recipient = e.Recipient,
            @event = e.Type.ToString(),
            source = e.Source.ToString(),
            machine = e.Machine,
            occurredAt = e.OccurredAt,
            detail = e.Detail,
        },
    }, Json);
}
