using System.Net;
using MailKit.Security;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Smtp;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Delivers to the recipient domain's own servers: the first of the MX hosts, in preference order (each of their
/// addresses), that takes a session, from the sending IP, with STARTTLS whenever the server offers it
/// (opportunistic, RFC 7435: encrypted, not authenticated).
/// </summary>
public class DirectMxSender(MxRouter router, IDnsResolver dns, IOptions<DirectOptions> options, ReplyClassifier classifier) : IMessageSender
{
    public bool UsesSendingIps => true;

    public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) => router.FindAsync(domain, ct);

    public async Task<Connected> ConnectAsync(MailRoute route, SendingIp from, CancellationToken ct)
    {
        ReplyVerdict? last = null;
        foreach (var target in route.Targets)
        {
            var addresses = await AddressesAsync(target.Host, ct);
            if (addresses.Count == 0)
            {
                last = Verdicts.Of(new DeliveryOutcome.SoftFail($"451 4.4.4 The MX host {target.Host} has no address."));
            }

            foreach (var address in addresses)
            {
                var connected = await OpenAsync(target.Host, new IPEndPoint(address, target.Port), from, ct);
                if (connected.Connection is not null)
                {
                    return connected;
                }

                last = connected.Failure;
            }
        }

        return new Connected(null, last ?? Verdicts.Of(new DeliveryOutcome.SoftFail($"451 4.4.4 No server to try for {route.Domain}.")));
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        var answer = await dns.AddressesAsync(host, ipv6: false, ct);
        return answer.Records;
    }

    private Task<Connected> OpenAsync(string host, IPEndPoint server, SendingIp from, CancellationToken ct)
    {
        var direct = options.Value;
        return SmtpConnection.OpenAsync($"{host} [{server}]", direct.TimeoutSeconds, classifier, client =>
        {
            // Opportunistic TLS between MTAs: encrypt whenever offered; most MX certificates do not name the MX host.
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            if (!string.IsNullOrWhiteSpace(from.Address))
            {
                client.LocalEndPoint = new IPEndPoint(IPAddress.Parse(from.Address), 0);
            }

            if (!string.IsNullOrWhiteSpace(from.EhloName))
            {
                client.LocalDomain = from.EhloName;
            }
        }, (client, token) => client.ConnectAsync(server.Address.ToString(), server.Port, SecureSocketOptions.StartTlsWhenAvailable, token), ct);
    }
}
