using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>The <c>Delivery:Direct</c> section: delivery straight to each recipient domain's MX hosts.</summary>
public class DirectOptions
{
    public const string Section = "Delivery:Direct";

    /// <summary>The port of MX hosts; 25 everywhere but in tests and benchmarks.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The address connections leave from (the sending IP); the system's choice when empty.</summary>
    public string? LocalAddress { get; set; }

    /// <summary>The name given in EHLO: the sending IP's reverse DNS name; the machine's name when empty.</summary>
    public string? EhloName { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Deliver only over TLS: a server that offers no STARTTLS is not sent to, and the message is deferred with a reply that says why.</summary>
    public bool RequireTls { get; set; }

    /// <summary>Recipient domains whose mail goes only over TLS, as <see cref="RequireTls"/> does for all (a subdomain is not included).</summary>
    public List<string> RequireTlsTo { get; set; } = [];

    /// <summary>A PEM file of CA certificates trusted besides the system's, for MX and MTA-STS policy hosts (a private CA); none when empty.</summary>
    public string? TrustedRootsFile { get; set; }

    public bool RequiresTlsTo(string domain) =>
        RequireTls || RequireTlsTo.Any(d => string.Equals(d.TrimEnd('.'), domain.TrimEnd('.'), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Destination domains sent to a fixed <c>host:port</c> instead of their MX, e.g. <c>"example.com": "127.0.0.1:2525"</c>;
    /// <c>"*"</c> matches every domain (a benchmark's sink).
    /// </summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
