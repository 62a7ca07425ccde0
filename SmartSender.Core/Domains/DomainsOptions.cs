using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Domains;

/// <summary>The <c>Domains</c> section of appsettings.json: what users publish in their DNS, and what SmartSender checks.</summary>
public class DomainsOptions : IValidatableObject
{
    public const string Section = "Domains";

    /// <summary>The addresses mail leaves from. SPF must give <c>pass</c> for every one of them.</summary>
    /// <remarks>No default here: the configuration binder appends to an initialised array instead of replacing it.</remarks>
    [MinLength(1)]
    public string[] SendingIps { get; set; } = [];

    /// <summary>The operator's SPF domain for users to include; when empty, the SPF record lists the sending IPs.</summary>
    public string? SpfInclude { get; set; }

    /// <summary>Host name of the inbound bounce listener, the target of each domain's return-path CNAME.</summary>
    [Required]
    public string ReturnPathHost { get; set; } = "bounces.smartsender.local";

    /// <summary>Host name of the tracking endpoint, the target of each domain's tracking CNAME.</summary>
    [Required]
    public string TrackingHost { get; set; } = "track.smartsender.local";

    /// <summary>The selector new domains get unless the user picks one.</summary>
    [Required]
    public string DefaultSelector { get; set; } = "ss1";

    /// <summary>Also sign with Ed25519 (RFC 8463) beside RSA.</summary>
    public bool Ed25519 { get; set; }

    /// <summary>For this long after a record is added, a missing answer reads "not visible yet", not "missing".</summary>
    public TimeSpan PropagationGrace { get; set; } = TimeSpan.FromHours(48);

    /// <summary>How often every domain is checked again.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var ip in SendingIps.Where(ip => !System.Net.IPAddress.TryParse(ip, out _)))
        {
            yield return new ValidationResult($"Domains:SendingIps: \"{ip}\" is not an IP address (SPF authorises addresses, not names).", [nameof(SendingIps)]);
        }
    }
}
