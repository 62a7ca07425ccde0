using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Webhooks;

/// <summary>The <c>Webhooks</c> section of appsettings.json.</summary>
public class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The waits between tries: after the last one the delivery has failed and the endpoint is marked failing.</summary>
    public List<TimeSpan> RetryDelays { get; set; } =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4)];

    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// Endpoints on loopback addresses over plain http, for development. Off in production, where endpoints must be
    /// https and resolve to public addresses only (no requests into the operator's own network).
    /// </summary>
    public bool AllowLoopback { get; set; }
}
