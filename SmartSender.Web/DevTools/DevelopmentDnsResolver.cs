using System.Net;
using SmartSender.Core.Dns;

namespace SmartSender.Web.DevTools;

/// <summary>
/// Answers TXT and CNAME questions for names the development zone holds, and passes every other question to the
/// configured resolver: a name the zone does not hold is asked of real DNS as it would be in Production.
/// </summary>
public sealed class DevelopmentDnsResolver(IDnsResolver inner, DevelopmentDns zone) : IDnsResolver
{
    public Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken ct = default) =>
        zone.Lookup(name, "TXT") is { } records ? Task.FromResult(DnsAnswer<string>.Found(records)) : inner.TxtAsync(name, ct);

    public Task<DnsAnswer<string>> CnameAsync(string name, CancellationToken ct = default) =>
        zone.Lookup(name, "CNAME") is { } records ? Task.FromResult(DnsAnswer<string>.Found(records)) : inner.CnameAsync(name, ct);

    public Task<DnsAnswer<IPAddress>> AddressesAsync(string name, bool ipv6, CancellationToken ct = default) => inner.AddressesAsync(name, ipv6, ct);

    public Task<DnsAnswer<MxHost>> MxAsync(string name, CancellationToken ct = default) => inner.MxAsync(name, ct);

    public Task<DnsAnswer<string>> PtrAsync(IPAddress address, CancellationToken ct = default) => inner.PtrAsync(address, ct);
}
