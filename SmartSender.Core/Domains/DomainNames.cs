namespace SmartSender.Core.Domains;

/// <summary>Syntax rules for domain names (RFC 1035 §2.3.4, RFC 7208 §4.3).</summary>
public static class DomainNames
{
    /// <summary>A name SPF may evaluate: at most 253 octets, labels of 1–63, and more than one label.</summary>
    public static bool IsValidSpfTarget(string domain)
    {
        var name = domain.EndsWith('.') ? domain[..^1] : domain;
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        var labels = name.Split('.');
        return labels.Length > 1 && labels.All(l => l.Length is > 0 and <= 63);
    }
}
