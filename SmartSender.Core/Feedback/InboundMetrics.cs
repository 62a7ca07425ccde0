using System.Diagnostics.Metrics;

namespace SmartSender.Core.Feedback;

/// <summary>Reports received on the inbound listener (meter <see cref="Messages.MessageMetrics.MeterName"/>).</summary>
public static class InboundMetrics
{
    private static readonly Meter Meter = new(Messages.MessageMetrics.MeterName);

    private static readonly Counter<long> Reports = Meter.CreateCounter<long>(
        "smartsender.inbound.reports", "{report}", "Reports received, by kind (bounce, notice, auto_reply, feedback, …) and whether they matched a message of ours.");

    public static void Received(FeedbackOutcome outcome) => Reports.Add(1,
        new KeyValuePair<string, object?>("kind", Messages.MessageMetrics.SnakeCase(outcome.Kind.ToString())),
        new KeyValuePair<string, object?>("matched", outcome.MessageId is not null));
}
