using System.ComponentModel.DataAnnotations;

namespace SmartSender.Web.Health;

/// <summary>The <c>Health</c> section of appsettings.json: who may ask <c>/health/*</c> and what counts as ready.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string Section = "Health";

    /// <summary>
    /// Networks that may ask without signing in (a load balancer, a monitor), as addresses or CIDR ranges; none listed
    /// means this machine only. A signed-in administrator may ask from anywhere.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>The networks in effect.</summary>
    public IReadOnlyList<System.Net.IPNetwork> Networks =>
        [.. (AllowedNetworks.Count == 0 ? ["127.0.0.0/8", "::1/128"] : AllowedNetworks)
            .Select(n => Core.ApiKeys.ApiKeyLimits.TryParseNetwork(n, out var network) ? network : default)];

    /// <summary>Ready turns unhealthy when a message has been due for longer than this without being tried.</summary>
    public TimeSpan OldestDueMessage { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the DNS resolver may take to answer the readiness probe.</summary>
    public TimeSpan DnsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The name the DNS probe asks for (its NS records); any answer, even "no such name", means the resolver answers.</summary>
    public string DnsProbeName { get; set; } = "health-check.invalid";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks.Where(n => !Core.ApiKeys.ApiKeyLimits.TryParseNetwork(n, out _)))
        {
            yield return new ValidationResult($"Health:AllowedNetworks: \"{network}\" is not an address or a network such as 10.0.0.0/8.", [nameof(AllowedNetworks)]);
        }

        if (OldestDueMessage <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Health:OldestDueMessage must be positive.", [nameof(OldestDueMessage)]);
        }

        if (DnsTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Health:DnsTimeout must be positive.", [nameof(DnsTimeout)]);
        }
    }
}
