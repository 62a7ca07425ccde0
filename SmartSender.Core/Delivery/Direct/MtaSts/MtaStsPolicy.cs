namespace SmartSender.Core.Delivery.Direct.MtaSts;

/// <summary>What a domain's MTA-STS policy asks of senders (RFC 8461 §5).</summary>
public enum MtaStsMode
{
    /// <summary>No policy: deliver as without MTA-STS.</summary>
    None,

    /// <summary>Deliver as usual; a failure of the policy is only reported.</summary>
    Testing,

    /// <summary>Deliver only to listed MX hosts, over TLS, with a certificate valid for the host.</summary>
    Enforce,
}

/// <summary>
/// A domain's MTA-STS policy (RFC 8461 §3.2) as fetched from <c>https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt</c>,
/// with the id of the TXT record it was fetched for and when it expires from the cache.
/// </summary>
public sealed record MtaStsPolicy(MtaStsMode Mode, IReadOnlyList<string> MxPatterns, TimeSpan MaxAge, string Id, DateTimeOffset ExpiresAt)
{
    /// <summary>The longest a policy may be cached, one year (RFC 8461 §3.2).</summary>
    public static readonly TimeSpan LongestMaxAge = TimeSpan.FromSeconds(31_557_600);

    /// <summary>
    /// Whether the policy lists <paramref name="mxHost"/>: a pattern is a host name, or <c>*.</c> followed by a
    /// domain, which stands for exactly one more label on the left (RFC 8461 §4.1).
    /// </summary>
    public bool Lists(string mxHost)
    {
        var host = mxHost.TrimEnd('.').ToLowerInvariant();
        foreach (var pattern in MxPatterns)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                var dot = host.IndexOf('.');
                if (dot > 0 && host[(dot + 1)..] == pattern[2..])
                {
                    return true;
                }
            }
            else if (host == pattern)
            {
                return true;
            }
        }

        return false;
    }

    public string Describe() => $"MTA-STS {Mode.ToString().ToLowerInvariant()} (mx {string.Join(", ", MxPatterns)})";
}
