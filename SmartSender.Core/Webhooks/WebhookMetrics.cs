using System.Diagnostics.Metrics;

namespace SmartSender.Core.Webhooks;

/// <summary>Webhook posts and how they ended (meter <see cref="Messages.MessageMetrics.MeterName"/>).</summary>
public static class WebhookMetrics
{
    private static readonly Meter Meter = new(Messages.MessageMetrics.MeterName);

    private static readonly Counter<long> Posts = Meter.CreateCounter<long>(
        "smartsender.webhook.deliveries", "{delivery}", "Webhook posts made, by outcome (succeeded, failed: an error status, a refused connection or no answer in time).");

    public static void Posted(bool succeeded) => Posts.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
}
