using System.Diagnostics.Metrics;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Tracking;

/// <summary>Opens, clicks and unsubscribes as they arrive, before they are stored (meter <see cref="MessageMetrics.MeterName"/>).</summary>
public static class TrackingMetrics
{
    private static readonly Meter Meter = new(MessageMetrics.MeterName);

    private static readonly Counter<long> Hits = Meter.CreateCounter<long>(
        "smartsender.tracking.hits", "{hit}", "Tracking requests answered, by kind (opened, clicked, unsubscribed).");

    public static void Hit(MessageEventType type) => Hits.Add(1, new KeyValuePair<string, object?>("kind", MessageMetrics.SnakeCase(type.ToString())));
}
