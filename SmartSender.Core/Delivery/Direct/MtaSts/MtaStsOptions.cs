using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery.Direct.MtaSts;

/// <summary>The <c>Delivery:MtaSts</c> section: honouring recipient domains' MTA-STS policies (RFC 8461) in direct delivery.</summary>
public class MtaStsOptions
{
    public const string Section = "Delivery:MtaSts";

    /// <summary>Look up and honour MTA-STS policies; off, every domain is treated as having none.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The port policies are fetched from; 443 everywhere but in tests.</summary>
    [Range(1, 65535)]
    public int HttpsPort { get; set; } = 443;

    /// <summary>How long a policy fetch may take, connection included.</summary>
    [Range(1, 120)]
    public int FetchTimeoutSeconds { get; set; } = 10;
}
