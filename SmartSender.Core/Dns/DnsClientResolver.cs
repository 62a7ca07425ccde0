using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Dns;

/// <summary><see cref="IDnsResolver"/> over DnsClient, asking the configured name servers without a cache.</summary>
public class DnsClientResolver : IDnsResolver
{
    private readonly LookupClient _client;

    public DnsClientResolver(IOptions<DnsOptions> options)
    {
        var o = options.Value;
        var lookup = o.Servers.Length == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. o.Servers.Select(ParseServer)]);
        lookup.UseCache = false;
        lookup.Retries = o.Retries;
        lookup.Timeout = TimeSpan.FromMilliseconds(o.TimeoutMilliseconds);
        lookup.ThrowDnsErrors = false;
        lookup.ContinueOnDnsError = false;
        lookup.ContinueOnEmptyResponse = false;
        lookup.UseTcpFallback = true;
        _client = new LookupClient(lookup);
    }

    public Task<DnsAnswer<string>> TxtAsync(string name, CancellationToken ct = default) =>
        QueryAsync(name, QueryType.TXT, r => r.Answers.TxtRecords().Select(t => string.Concat(t.Text)), ct);

    public Task<DnsAnswer<IPAddress>> AddressesAsync(string name, bool ipv6, CancellationToken ct = default) =>
        ipv6
            ? QueryAsync(name, QueryType.AAAA, r => r.Answers.AaaaRecords().Select(a => a.Address), ct)
            : QueryAsync(name, QueryType.A, r => r.Answers.ARecords().Select(a => a.Address), ct);

    public Task<DnsAnswer<MxHost>> MxAsync(string name, CancellationToken ct = default) =>
        QueryAsync(name, QueryType.MX, r => r.Answers.MxRecords().Select(m => new MxHost(m.Preference, m.Exchange.Value.TrimEnd('.'))), ct);

    public Task<DnsAnswer<string>> CnameAsync(string name, CancellationToken ct = default) =>
        QueryAsync(name, QueryType.CNAME, r => r.Answers.CnameRecords().Select(c => c.CanonicalName.Value.TrimEnd('.')), ct);

    public Task<DnsAnswer<string>> PtrAsync(IPAddress address, CancellationToken ct = default) =>
        QueryAsync(address.GetArpaName(), QueryType.PTR, r => r.Answers.PtrRecords().Select(p => p.PtrDomainName.Value.TrimEnd('.')), ct);

    private async Task<DnsAnswer<T>> QueryAsync<T>(string name, QueryType type, Func<IDnsQueryResponse, IEnumerable<T>> read, CancellationToken ct)
    {
        // A name that breaks RFC 1035's syntax (an empty label, a label over 63 octets) cannot exist.
        if (!DomainNames.IsWellFormed(name))
        {
            return DnsAnswer<T>.NoSuchName();
        }

        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, ct);
        }
        catch (DnsResponseException ex)
        {
            return DnsAnswer<T>.Failure($"{type} {name}: {ex.Message}");
        }
        catch (ArgumentException)
        {
            // A name DnsClient will not send (a label over 63 octets, say) cannot exist.
            return DnsAnswer<T>.NoSuchName();
        }

        return response.Header.ResponseCode switch
        {
            DnsHeaderResponseCode.NoError => DnsAnswer<T>.Found([.. read(response)]),
            DnsHeaderResponseCode.NotExistentDomain => DnsAnswer<T>.NoSuchName(),
            var code => DnsAnswer<T>.Failure($"{type} {name}: {code}"),
        };
    }

    private static NameServer ParseServer(string server) =>
        NameServerAddress.TryResolve(server, out var endpoint, out var error)
            ? new NameServer(endpoint)
            : throw new InvalidOperationException("Dns:Servers: " + error);
}
