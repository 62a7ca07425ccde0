using Microsoft.Extensions.Configuration;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Names the mailbox provider behind a set of MX hosts (Gmail, Outlook, Yahoo, …) from the configured rules;
/// any other provider is named by its MX hosts' domain (the last two labels), so domains hosted together share a lane.
/// </summary>
public class ProviderDirectory
{
    private readonly IReadOnlyList<ProviderRule> _rules;

    public ProviderDirectory(IConfiguration configuration)
    {
        var configured = configuration.GetSection(ProviderOptions.Section).Get<List<ProviderRule>>() ?? [];
        _rules = configured.Count > 0 ? configured : ProviderOptions.Defaults;
    }

    public string ForMxHosts(IReadOnlyList<string> hosts)
    {
        foreach (var host in hosts)
        {
            var name = host.TrimEnd('.').ToLowerInvariant();
            if (_rules.FirstOrDefault(r => r.MxSuffixes.Any(s => name == s || name.EndsWith("." + s, StringComparison.Ordinal))) is { } rule)
            {
                return rule.Name;
            }
        }

        return hosts.Count == 0 ? "unknown" : LastTwoLabels(hosts[0]);
    }

    /// <summary>For a domain reached without MX (a configured route or the implicit MX).</summary>
    public string ForDomain(string domain) => LastTwoLabels(domain);

    private static string LastTwoLabels(string host)
    {
        var labels = host.TrimEnd('.').ToLowerInvariant().Split('.');
        return labels.Length <= 2 ? string.Join('.', labels) : string.Join('.', labels[^2..]);
    }
}
