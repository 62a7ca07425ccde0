using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Tracking;

/// <summary>The <c>Tracking</c> section of appsettings.json.</summary>
public class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>The address recipients reach SmartSender at, for unsubscribe, open and click links: https in production.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>An open or click this soon after delivery is a scanner's or prefetcher's, not the recipient's.</summary>
    public TimeSpan MachineWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a sending domain's verified <c>track.&lt;domain&gt;</c> CNAME puts its mail's links on that host
    /// (<see cref="DomainScheme"/>://track.&lt;domain&gt;/…). Unset: on, except in Development, where the development
    /// DNS verifies names no browser can reach.
    /// </summary>
    public bool? DomainHosts { get; set; }

    /// <summary>The scheme of links on a domain's own tracking host: https, served by a front end with on-demand TLS (see docs/deliverability.md).</summary>
    [RegularExpression("^https?$")]
    public string DomainScheme { get; set; } = "https";

    /// <summary>Tracking hits waiting to be written; beyond this, a pixel or redirect waits for room before it answers (none is dropped).</summary>
    [Range(1_000, 10_000_000)]
    public int QueueCapacity { get; set; } = 100_000;
}
