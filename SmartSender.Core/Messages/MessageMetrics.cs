using System.Diagnostics;
using System.Diagnostics.Metrics;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>
/// Every event stored for a message, counted once it is committed (meter <see cref="MeterName"/>): <c>queued</c> is a
/// message accepted, then <c>delivered</c>, <c>deferred</c>, <c>failed</c>, <c>expired</c>, <c>hard_bounced</c>,
/// <c>soft_bounced</c>, <c>complained</c>, <c>opened</c>, <c>clicked</c>, <c>unsubscribed</c> and the rest, each tagged
/// with the message's stream, provider and lane (<c>none</c> before it was routed).
/// </summary>
public static class MessageMetrics
{
    public const string MeterName = "SmartSender";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "smartsender.message.events", "{event}", "Events stored for messages, by event type, stream, provider and lane.");

    private static readonly Dictionary<MessageEventType, string> EventNames = Enum.GetValues<MessageEventType>().ToDictionary(t => t, t => SnakeCase(t.ToString()));

    private static readonly Dictionary<MessageStream, string> StreamNames = Enum.GetValues<MessageStream>().ToDictionary(s => s, s => SnakeCase(s.ToString()));

    public static bool Enabled => Events.Enabled;

    public static void Stored(MessageEventType type, Message? message)
    {
        if (!Events.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "event", EventNames.GetValueOrDefault(type) ?? type.ToString() },
            { "stream", message is null ? "unknown" : StreamNames.GetValueOrDefault(message.Stream) ?? message.Stream.ToString() },
            { "provider", message?.Provider ?? "none" },
            { "lane", message?.LaneKey ?? "none" },
        };
        Events.Add(1, tags);
    }

    /// <summary><c>HardBounced</c> → <c>hard_bounced</c>, as OpenTelemetry and Prometheus write names, and webhook types too.</summary>
    public static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
