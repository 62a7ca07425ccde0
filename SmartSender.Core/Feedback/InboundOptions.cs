using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Feedback;

/// <summary>The <c>Inbound</c> section of appsettings.json: the SMTP listener that bounces and complaints come back to.</summary>
public class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>Off, the listener does not start (another server receives the return-path domain's mail).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address to listen on: 0.0.0.0 to take mail from the internet, 127.0.0.1 in development.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>25 in production, where the return-path host's MX points here; 2525 in development.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary>Larger messages are refused at MAIL FROM (SIZE) or when they exceed it.</summary>
    [Range(10_000, 100_000_000)]
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    public const int DefaultMaxMessageBytes = 10_000_000;

    /// <summary>
    /// Addresses besides the return paths that take reports: the addresses registered with providers' feedback loops,
    /// e.g. <c>fbl@bounces.example.com</c>. A complaint that arrives here counts against its message when its returned
    /// headers name it; one sent anywhere else (other than the message's own return path) is kept as unverified evidence.
    /// </summary>
    public List<string> FeedbackAddresses { get; set; } = [];
}
