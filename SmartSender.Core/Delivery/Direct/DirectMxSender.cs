using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Delivers to the recipient domain's own servers: MX hosts in preference order (each of their addresses), from the
/// sending IP, with STARTTLS whenever the server offers it (opportunistic, RFC 7435: encrypted, not authenticated).
/// A 2xx or 5xx ends the attempt; a 4xx or a failed connection moves on to the next host.
/// </summary>
public class DirectMxSender(MxRouter router, IDnsResolver dns, IOptions<DirectOptions> options, ReplyClassifier classifier) : IMessageSender
{
    public bool UsesSendingIps => true;

    public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) => router.FindAsync(domain, ct);

    public async Task<ReplyVerdict> SendAsync(MimeMessage message, MailRoute route, SendingIp from, CancellationToken ct)
    {
        ReplyVerdict? last = null;
        foreach (var target in route.Targets)
        {
            var addresses = await AddressesAsync(target.Host, ct);
            if (addresses.Count == 0)
            {
                last = SmtpAttempt.Verdict(new DeliveryOutcome.SoftFail($"451 4.4.4 The MX host {target.Host} has no address."));
            }

            foreach (var address in addresses)
            {
                last = await TryAsync(message, target.Host, new IPEndPoint(address, target.Port), from, ct);
                if (last.Outcome is not DeliveryOutcome.SoftFail)
                {
                    return last;
                }
            }
        }

        return last ?? SmtpAttempt.Verdict(new DeliveryOutcome.SoftFail($"451 4.4.4 No server to try for {route.Domain}."));
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

    private Task<ReplyVerdict> TryAsync(MimeMessage message, string host, IPEndPoint server, SendingIp from, CancellationToken ct)
    {
        var direct = options.Value;
        var client = new SmtpClient
        {
            Timeout = direct.TimeoutSeconds * 1000,
            // Opportunistic TLS between MTAs: encrypt whenever offered; most MX certificates do not name the MX host.
            ServerCertificateValidationCallback = (_, _, _, _) => true,
        };
        if (!string.IsNullOrWhiteSpace(from.Address))
        {
            client.LocalEndPoint = new IPEndPoint(IPAddress.Parse(from.Address), 0);
        }

        if (!string.IsNullOrWhiteSpace(from.EhloName))
        {
            client.LocalDomain = from.EhloName;
        }

        return RunAsync(client, message, $"{host} [{server}]", server, direct.TimeoutSeconds, ct);
    }

    private async Task<ReplyVerdict> RunAsync(SmtpClient client, MimeMessage message, string name, IPEndPoint server, int timeout, CancellationToken ct)
    {
        using (client)
        {
            return await SmtpAttempt.RunAsync(client, name,
                (c, token) => c.ConnectAsync(server.Address.ToString(), server.Port, SecureSocketOptions.StartTlsWhenAvailable, token), message, timeout, classifier, ct);
        }
    }
}
