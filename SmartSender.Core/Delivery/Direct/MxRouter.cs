using Microsoft.Extensions.Options;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Finds where a domain's mail goes (RFC 5321 §5.1): a configured route first, then the MX hosts by preference,
/// then the domain itself when it has no MX but an address. A null MX (RFC 7505) or a domain that does not exist
/// is a hard failure; DNS that does not answer is a soft one.
/// </summary>
public class MxRouter(IDnsResolver dns, ProviderDirectory providers, IOptions<DirectOptions> options)
{
    public async Task<RouteLookup> FindAsync(string domain, CancellationToken ct = default)
    {
        domain = domain.TrimEnd('.').ToLowerInvariant();
        var direct = options.Value;
        if (ConfiguredRoute(domain, direct) is { } configured)
        {
            return new RouteLookup(new MailRoute(domain, providers.ForDomain(domain), [configured], Configured: true), null);
        }

        var mx = await dns.MxAsync(domain, ct);
        switch (mx.Status)
        {
            case DnsStatus.Failed:
                return Soft($"DNS gave no answer for the MX of {domain}: {mx.Error}");
            case DnsStatus.NotFound:
                return Hard($"{domain} does not exist (NXDOMAIN).");
        }

        if (mx.Records is [{ Host: "" or "." }])
        {
            return Hard($"{domain} accepts no mail: it publishes a null MX (RFC 7505).");
        }

        if (mx.Records.Count > 0)
        {
            var hosts = mx.Records.OrderBy(r => r.Preference).Select(r => r.Host.TrimEnd('.')).Where(h => h.Length > 0).Distinct().ToList();
            return new RouteLookup(new MailRoute(domain, providers.ForMxHosts(hosts), [.. hosts.Select(h => new RouteTarget(h, direct.Port))]), null);
        }

        // No MX: the domain itself is the implicit MX when it has an address, of either family (RFC 5321 §5.1).
        var addresses = await dns.AddressesAsync(domain, ipv6: false, ct);
        if (addresses is { Status: not DnsStatus.Failed, Records.Count: 0 })
        {
            addresses = await dns.AddressesAsync(domain, ipv6: true, ct);
        }

        return addresses switch
        {
            { Status: DnsStatus.Failed } => Soft($"DNS gave no answer for the address of {domain}: {addresses.Error}"),
            { Records.Count: > 0 } => new RouteLookup(new MailRoute(domain, providers.ForDomain(domain), [new RouteTarget(domain, direct.Port)]), null),
            _ => Hard($"{domain} has neither an MX nor an address record, so no server accepts its mail."),
        };
    }

    private static RouteTarget? ConfiguredRoute(string domain, DirectOptions options)
    {
        var route = options.Routes.TryGetValue(domain, out var exact) ? exact : options.Routes.GetValueOrDefault("*");
        if (route is null)
        {
            return null;
        }

        var colon = route.LastIndexOf(':');
        return colon > 0 && int.TryParse(route[(colon + 1)..], out var port)
            ? new RouteTarget(route[..colon].Trim('[', ']'), port)
            : new RouteTarget(route, options.Port);
    }

    private static RouteLookup Hard(string reason) => new(null, new DeliveryOutcome.HardFail($"550 5.1.2 {reason}"));

    private static RouteLookup Soft(string reason) => new(null, new DeliveryOutcome.SoftFail($"451 4.4.3 {reason}"));
}
