using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Dns;

/// <summary>The <c>Dns</c> section of appsettings.json: which name servers SmartSender asks.</summary>
public class DnsOptions : IValidatableObject
{
    public const string Section = "Dns";

    /// <summary>
    /// Name servers as an address or a host name, each with an optional port (<c>192.0.2.53</c>, <c>localhost:5090</c>);
    /// empty means the machine's own resolvers. Host names are resolved at start, not per question.
    /// </summary>
    public string[] Servers { get; set; } = [];

    [Range(100, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 3000;

    [Range(0, 10)]
    public int Retries { get; set; } = 1;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var server in Servers)
        {
            if (!NameServerAddress.TryResolve(server, out _, out var error))
            {
                yield return new ValidationResult($"Dns:Servers: {error}", [nameof(Servers)]);
            }
        }
    }
}
