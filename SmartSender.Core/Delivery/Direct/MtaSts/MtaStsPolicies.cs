using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Delivery.Direct.MtaSts;

/// <summary>
/// Finds a recipient domain's MTA-STS policy (RFC 8461 §3, §5.1): the <c>_mta-sts</c> TXT record names the current
/// policy id; a policy cached for that id and not past its max_age is used as it is, otherwise the policy is fetched
/// over https from <c>mta-sts.&lt;domain&gt;</c> (a certificate valid for that name, no redirects, at most 64 KiB)
/// and cached. When the TXT record is gone or DNS or the fetch fails, a cached policy still in force is used, so that
/// an attacker who strips the record cannot downgrade delivery; with none, the domain is taken to have no policy.
/// The policy host is resolved through SmartSender's own DNS resolver, like the MX hosts.
/// </summary>
public sealed class MtaStsPolicies : IDisposable
{
    private readonly ConcurrentDictionary<string, MtaStsPolicy> _cache = new(StringComparer.OrdinalIgnoreCase);
    private readonly IDnsResolver _dns;
    private readonly IOptions<MtaStsOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<MtaStsPolicies> _log;
    private readonly HttpClient _http;

    public MtaStsPolicies(IDnsResolver dns, TrustedRoots roots, IOptions<MtaStsOptions> options, TimeProvider clock, ILogger<MtaStsPolicies> log)
    {
        (_dns, _options, _clock, _log) = (dns, options, clock, log);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                // The name is checked by the TLS stack (the request's host is mta-sts.<domain>); the chain against the trusted roots.
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && roots.ChainProblem(certificate, chain, errors) is null,
            },
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(options.Value.FetchTimeoutSeconds) };
    }

    /// <summary>The policy that applies to mail for <paramref name="domain"/>; null when there is none.</summary>
    public async Task<MtaStsPolicy?> ForDomainAsync(string domain, CancellationToken ct)
    {
        if (!_options.Value.Enabled)
        {
            return null;
        }

        domain = domain.TrimEnd('.').ToLowerInvariant();
        var now = _clock.GetUtcNow();
        var cached = _cache.TryGetValue(domain, out var held) && held.ExpiresAt > now ? held : null;
        var txt = await _dns.TxtAsync($"_mta-sts.{domain}", ct);
        var id = txt.Status == DnsStatus.Ok ? MtaStsRecord.IdOf(txt.Records) : null;
        if (id is null || cached?.Id == id)
        {
            return Applicable(cached);
        }

        var fetched = await FetchAsync(domain, id, ct);
        if (fetched is null)
        {
            return Applicable(cached);
        }

        _cache[domain] = fetched;
        return Applicable(fetched);
    }

    public void Dispose() => _http.Dispose();

    private static MtaStsPolicy? Applicable(MtaStsPolicy? policy) => policy is { Mode: not MtaStsMode.None } ? policy : null;

    private async Task<MtaStsPolicy?> FetchAsync(string domain, string id, CancellationToken ct)
    {
        var port = _options.Value.HttpsPort;
        var url = $"https://mta-sts.{domain}{(port == 443 ? "" : $":{port}")}/.well-known/mta-sts.txt";
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                _log.LogInformation("The MTA-STS policy of {Domain} is unavailable: {Url} answered {Status}", domain, url, (int)response.StatusCode);
                return null;
            }

            var text = await ReadLimitedAsync(response.Content, ct);
            if (text is null)
            {
                _log.LogInformation("The MTA-STS policy of {Domain} is ignored: {Url} is larger than {Limit} bytes", domain, url, MtaStsPolicyText.MaxBytes);
                return null;
            }

            var parsed = MtaStsPolicyText.Parse(text, id, _clock.GetUtcNow());
            if (parsed.Policy is null)
            {
                _log.LogInformation("The MTA-STS policy of {Domain} is ignored: {Reason}", domain, parsed.Error);
            }

            return parsed.Policy;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or SocketException && !ct.IsCancellationRequested)
        {
            _log.LogInformation("The MTA-STS policy of {Domain} could not be fetched from {Url}: {Reason}", domain, url, ex.Message);
            return null;
        }
    }

    private static async Task<string?> ReadLimitedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MtaStsPolicyText.MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > MtaStsPolicyText.MaxBytes ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = (await _dns.AddressesAsync(host, ipv6: false, ct)).Records;
        if (addresses.Count == 0)
        {
            addresses = (await _dns.AddressesAsync(host, ipv6: true, ct)).Records;
        }

        if (addresses.Count == 0)
        {
            throw new HttpRequestException($"{host} has no address");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses[0], context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
