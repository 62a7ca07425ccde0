using System.Net;

namespace SmartSender.Core.Domains.Spf;

/// <summary>A parsed SPF record (RFC 7208 §4.6): directives in order, and the two modifiers we act on.</summary>
public sealed record SpfRecord(IReadOnlyList<SpfDirective> Directives, string? Redirect, string? Exp)
{
    public bool HasAll => Directives.Any(d => d.Mechanism is SpfMechanism.All);
}

public sealed record SpfDirective(char Qualifier, SpfMechanism Mechanism)
{
    public SpfResult ResultOnMatch => Qualifier switch
    {
        '-' => SpfResult.Fail,
        '~' => SpfResult.SoftFail,
        '?' => SpfResult.Neutral,
        _ => SpfResult.Pass,
    };
}

/// <summary>The mechanisms of RFC 7208 §5. Domain specs are kept unexpanded: macros expand at evaluation.</summary>
public abstract record SpfMechanism
{
    public sealed record All : SpfMechanism;

    public sealed record Include(string DomainSpec) : SpfMechanism;

    public sealed record A(string? DomainSpec, int Ip4Prefix, int Ip6Prefix) : SpfMechanism;

    public sealed record Mx(string? DomainSpec, int Ip4Prefix, int Ip6Prefix) : SpfMechanism;

    public sealed record Ptr(string? DomainSpec) : SpfMechanism;

    public sealed record Ip(IPAddress Network, int Prefix) : SpfMechanism;

    public sealed record Exists(string DomainSpec) : SpfMechanism;
}
