using DnsClient;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmartSender.Core.Dns;

namespace SmartSender.Web.Health;

/// <summary>The configured name servers answer a question in time; any answer, even "no such name", counts.</summary>
public sealed class DnsHealthCheck : IHealthCheck
{
    private readonly LookupClient _client;
    private readonly string _probe;

    public DnsHealthCheck(IOptions<DnsOptions> dns, IOptions<HealthOptions> health)
    {
        var servers = dns.Value.Servers;
        var lookup = servers.Length == 0
            ? new LookupClientOptions()
            : new LookupClientOptions([.. servers.Select(Server)]);
        lookup.UseCache = false;
        lookup.Retries = 0;
        lookup.Timeout = health.Value.DnsTimeout;
        lookup.ThrowDnsErrors = false;
        lookup.ContinueOnDnsError = false;
        lookup.ContinueOnEmptyResponse = false;
        _client = new LookupClient(lookup);
        _probe = health.Value.DnsProbeName;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var response = await _client.QueryAsync(_probe, QueryType.NS, QueryClass.IN, ct);
            return HealthCheckResult.Healthy($"{response.NameServer} answered ({response.Header.ResponseCode})");
        }
        catch (Exception e) when (e is DnsResponseException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy($"no name server answered within {_client.Settings.Timeout.TotalSeconds:F0} s");
        }
    }

    // Dns:Servers was checked at start.
    private static NameServer Server(string server) =>
        new(NameServerAddress.TryResolve(server, out var endpoint, out _) ? endpoint : throw new InvalidOperationException(server));
}
