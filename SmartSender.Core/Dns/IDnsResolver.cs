using System.Net;

namespace SmartSender.Core.Dns;

/// <summary>The DNS questions SmartSender asks. Names are absolute; a trailing dot is optional.</summary>
public interface IDnsResolver
{
    /// <summary>TXT records, each with its strings joined (RFC 7208 §3.3).</summary>
    Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken ct = default);

    Task<DnsAnswer<IPAddress>> AddressesAsync(string name, bool ipv6, CancellationToken ct = default);

    Task<DnsAnswer<MxHost>> MxAsync(string name, CancellationToken ct = default);

    /// <summary>The target of a CNAME at <paramref name="name"/>, if there is one.</summary>
    Task<DnsAnswer<string>> CnameAsync(string name, CancellationToken ct = default);

    /// <summary>The names an address points back to (reverse DNS).</summary>
    Task<DnsAnswer<string>> PtrAsync(IPAddress address, CancellationToken ct = default);
}
