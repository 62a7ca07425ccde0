using System.Net;
using System.Net.Sockets;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Domains.Spf;

/// <summary>One evaluation: its lookup counters, and the explanation of a Fail once found.</summary>
internal sealed class SpfSession(IDnsResolver dns, IPAddress clientIp, CancellationToken ct)
{
    private int _voidLookups;
    private string? _validatedName;

    public int Lookups { get; private set; }

    public string? Explanation { get; private set; }

    private bool IsIpv6 => clientIp.AddressFamily == AddressFamily.InterNetworkV6;

    public async Task<(SpfResult Result, string Reason)> CheckHostAsync(string domain, SpfMacroContext macros, bool inInclude)
    {
        if (!DomainNames.IsValidSpfTarget(domain))
        {
            return (SpfResult.None, $"'{domain}' is not a valid domain name.");
        }

        var txt = await dns.TxtAsync(domain, ct);
        if (txt.Status == DnsStatus.Failed)
        {
            return (SpfResult.TempError, $"The TXT records of {domain} could not be read: {txt.Error}");
        }

        var records = txt.Records.Where(SpfRecordParser.IsSpfRecord).ToList();
        if (records.Count == 0)
        {
            return (SpfResult.None, $"{domain} publishes no SPF record.");
        }

        if (records.Count > 1)
        {
            return (SpfResult.PermError, $"{domain} publishes {records.Count} SPF records; there must be exactly one.");
        }

        if (!SpfRecordParser.TryParse(records[0], out var record, out var syntaxError))
        {
            return (SpfResult.PermError, $"The SPF record of {domain} is invalid: {syntaxError}");
        }

        var context = macros.For(domain);
        foreach (var directive in record.Directives)
        {
            var (match, error, reason) = await MatchAsync(directive.Mechanism, context, domain);
            if (error is { } failure)
            {
                return (failure, reason);
            }

            if (match)
            {
                var result = directive.ResultOnMatch;
                if (result == SpfResult.Fail && !inInclude && record.Exp is not null)
                {
                    Explanation = await ExplainAsync(record.Exp, context);
                }

                return (result, $"{domain}: matched '{Describe(directive)}'.");
            }
        }

        if (record.Redirect is not null && !record.HasAll)
        {
            if (!Count())
            {
                return (SpfResult.PermError, "More than 10 DNS-querying terms (RFC 7208 §4.6.4).");
            }

            var target = await ExpandDomainAsync(record.Redirect, context);
            if (target is null)
            {
                return (SpfResult.PermError, $"redirect={record.Redirect} could not be expanded.");
            }

            // The redirect target's exp= replaces ours.
            Explanation = null;
            var (result, reason) = await CheckHostAsync(target, macros, inInclude);
            return result == SpfResult.None ? (SpfResult.PermError, $"redirect={target} has no SPF record.") : (result, reason);
        }

        return (SpfResult.Neutral, $"{domain}: no term matched {clientIp}.");
    }

    public async Task<string> ValidatedNameAsync()
    {
        if (_validatedName is not null)
        {
            return _validatedName;
        }

        var names = await ValidatedNamesAsync();
        return _validatedName = names.FirstOrDefault() ?? "unknown";
    }

    private async Task<(bool Match, SpfResult? Error, string Reason)> MatchAsync(SpfMechanism mechanism, SpfMacroContext context, string domain)
    {
        if (mechanism is not (SpfMechanism.All or SpfMechanism.Ip) && !Count())
        {
            return (false, SpfResult.PermError, "More than 10 DNS-querying terms (RFC 7208 §4.6.4).");
        }

        switch (mechanism)
        {
            case SpfMechanism.All:
                return (true, null, "");
            case SpfMechanism.Ip ip:
                return (InNetwork(clientIp, ip.Network, ip.Prefix), null, "");
            case SpfMechanism.Include include:
                return await MatchIncludeAsync(include.DomainSpec, context);
            case SpfMechanism.A a:
                return await MatchHostAsync(await TargetAsync(a.DomainSpec, context, domain), a.Ip4Prefix, a.Ip6Prefix);
            case SpfMechanism.Mx mx:
                return await MatchMxAsync(await TargetAsync(mx.DomainSpec, context, domain), mx.Ip4Prefix, mx.Ip6Prefix);
            case SpfMechanism.Ptr ptr:
                var ptrTarget = await TargetAsync(ptr.DomainSpec, context, domain);
                if (ptrTarget is null)
                {
                    return (false, SpfResult.PermError, "A ptr domain could not be expanded.");
                }

                var validated = await ValidatedNamesAsync(countVoid: true);
                return (validated.Any(n => n.Equals(ptrTarget, StringComparison.OrdinalIgnoreCase) || n.EndsWith("." + ptrTarget, StringComparison.OrdinalIgnoreCase)), null, "");
            case SpfMechanism.Exists exists:
                var name = await ExpandDomainAsync(exists.DomainSpec, context);
                if (name is null)
                {
                    return (false, SpfResult.PermError, $"exists:{exists.DomainSpec} could not be expanded.");
                }

                var found = await dns.AddressesAsync(name, ipv6: false, ct);
                return found.Status == DnsStatus.Failed
                    ? (false, SpfResult.TempError, $"A lookup of {name} failed: {found.Error}")
                    : VoidCheck(found.IsVoid, found.Records.Count > 0);
            default:
                throw new InvalidOperationException($"Unknown mechanism {mechanism}.");
        }
    }

    private async Task<(bool, SpfResult?, string)> MatchIncludeAsync(string spec, SpfMacroContext context)
    {
        var target = await ExpandDomainAsync(spec, context);
        if (target is null)
        {
            return (false, SpfResult.PermError, $"include:{spec} could not be expanded.");
        }

        var (result, reason) = await CheckHostAsync(target, context, inInclude: true);
        return result switch
        {
            SpfResult.Pass => (true, null, reason),
            SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral => (false, null, reason),
            SpfResult.TempError => (false, SpfResult.TempError, reason),
            SpfResult.None => (false, SpfResult.PermError, $"include:{target} has no SPF record."),
            _ => (false, SpfResult.PermError, reason),
        };
    }

    private async Task<(bool, SpfResult?, string)> MatchHostAsync(string? target, int ip4Prefix, int ip6Prefix)
    {
        if (target is null)
        {
            return (false, SpfResult.PermError, "A domain could not be expanded.");
        }

        var addresses = await dns.AddressesAsync(target, IsIpv6, ct);
        if (addresses.Status == DnsStatus.Failed)
        {
            return (false, SpfResult.TempError, $"Address lookup of {target} failed: {addresses.Error}");
        }

        var prefix = IsIpv6 ? ip6Prefix : ip4Prefix;
        return VoidCheck(addresses.IsVoid, addresses.Records.Any(a => InNetwork(clientIp, a, prefix)));
    }

    private async Task<(bool, SpfResult?, string)> MatchMxAsync(string? target, int ip4Prefix, int ip6Prefix)
    {
        if (target is null)
        {
            return (false, SpfResult.PermError, "An mx domain could not be expanded.");
        }

        var mx = await dns.MxAsync(target, ct);
        if (mx.Status == DnsStatus.Failed)
        {
            return (false, SpfResult.TempError, $"MX lookup of {target} failed: {mx.Error}");
        }

        if (mx.Records.Count > SpfEvaluator.MaxDnsLookups)
        {
            return (false, SpfResult.PermError, $"{target} has more than 10 MX records (RFC 7208 §4.6.4).");
        }

        if (mx.IsVoid)
        {
            return VoidCheck(isVoid: true, match: false);
        }

        var prefix = IsIpv6 ? ip6Prefix : ip4Prefix;
        // A null MX (RFC 7505: the single host ".") names no host to match.
        foreach (var host in mx.Records.Where(m => m.Host.Length > 0).OrderBy(m => m.Preference))
        {
            var addresses = await dns.AddressesAsync(host.Host, IsIpv6, ct);
            if (addresses.Status == DnsStatus.Failed)
            {
                return (false, SpfResult.TempError, $"Address lookup of {host.Host} failed: {addresses.Error}");
            }

            if (addresses.Records.Any(a => InNetwork(clientIp, a, prefix)))
            {
                return (true, null, "");
            }
        }

        return (false, null, "");
    }

    private (bool, SpfResult?, string) VoidCheck(bool isVoid, bool match)
    {
        if (isVoid && ++_voidLookups > SpfEvaluator.MaxVoidLookups)
        {
            return (false, SpfResult.PermError, "More than 2 DNS lookups found nothing (RFC 7208 §4.6.4).");
        }

        return (match, null, "");
    }

    /// <summary>§5.5: names the client's address points to that point back to it; at most 10 are tried.</summary>
    private async Task<List<string>> ValidatedNamesAsync(bool countVoid = false)
    {
        var names = await dns.PtrAsync(clientIp, ct);
        if (countVoid && names.IsVoid)
        {
            _voidLookups++;
        }

        var validated = new List<string>();
        foreach (var name in names.Records.Take(SpfEvaluator.MaxDnsLookups))
        {
            var addresses = await dns.AddressesAsync(name, IsIpv6, ct);
            if (addresses.Records.Any(a => a.Equals(clientIp)))
            {
                validated.Add(name.TrimEnd('.'));
            }
        }

        return validated;
    }

    private async Task<string?> ExplainAsync(string expSpec, SpfMacroContext context)
    {
        var target = await ExpandDomainAsync(expSpec, context);
        if (target is null)
        {
            return null;
        }

        var txt = await dns.TxtAsync(target, ct);
        return txt is { Status: DnsStatus.Ok, Records.Count: 1 }
            ? await SpfMacroExpander.ExpandAsync(txt.Records[0], context, inExplanation: true)
            : null;
    }

    private async Task<string?> TargetAsync(string? spec, SpfMacroContext context, string domain) =>
        spec is null ? domain : await ExpandDomainAsync(spec, context);

    private static async Task<string?> ExpandDomainAsync(string spec, SpfMacroContext context) =>
        await SpfMacroExpander.ExpandAsync(spec, context, inExplanation: false) is { } expanded ? SpfMacroExpander.TrimDomain(expanded) : null;

    private bool Count() => ++Lookups <= SpfEvaluator.MaxDnsLookups;

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix) =>
        address.AddressFamily == network.AddressFamily && new IPNetwork(Masked(network, prefix), prefix).Contains(address);

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return new IPAddress(bytes);
    }

    private static string Describe(SpfDirective directive) => $"{directive.Qualifier}{directive.Mechanism.GetType().Name.ToLowerInvariant()}";
}
