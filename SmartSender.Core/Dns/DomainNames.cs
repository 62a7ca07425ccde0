namespace SmartSender.Core.Dns;

/// <summary>Syntax rules for domain names (RFC 1035 §2.3.4, RFC 7208 §4.3).</summary>
public static class DomainNames
{
    /// <summary>At most 253 octets, labels of 1–63; a trailing dot is allowed. Anything else cannot exist in DNS.</summary>
    public static bool IsWellFormed(string domain) => Labels(domain) is not null;

    /// <summary>A name SPF may evaluate: well formed, and of more than one label.</summary>
    public static bool IsValidSpfTarget(string domain) => Labels(domain) is { Length: > 1 };

    private static string[]? Labels(string domain)
    {
        var name = domain.EndsWith('.') ? domain[..^1] : domain;
        if (name.Length is 0 or > 253)
        {
            return null;
        }

        var labels = name.Split('.');
        return labels.All(l => l.Length is > 0 and <= 63) ? labels : null;
    }
}
