using System.Net;
using System.Net.Sockets;
using MailKit.Security;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Direct.MtaSts;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Smtp;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Delivery.Direct;

/// <summary>
/// Delivers to the recipient domain's own servers: the first of the MX hosts, in preference order (each of their
/// addresses), that takes a session, from the sending IP, with STARTTLS whenever the server offers it
/// (opportunistic, RFC 7435: encrypted, not authenticated). The sending IP's family decides which addresses of an MX
/// host are tried: AAAA records from an IPv6 sending IP, A records from an IPv4 one; with no sending IP configured,
/// A records, then AAAA when a host has none.
/// A domain's MTA-STS policy in <c>enforce</c> mode (RFC 8461) narrows this to the MX hosts it lists, over TLS,
/// with a certificate valid for the host; <c>Delivery:Direct:RequireTls</c> and <c>RequireTlsTo</c> ask for TLS
/// of any certificate.
/// </summary>
public class DirectMxSender(
    MxRouter router, IDnsResolver dns, IOptions<DirectOptions> options, ReplyClassifier classifier, MtaStsPolicies mtaSts, TrustedRoots roots) : IMessageSender
{
    public bool UsesSendingIps => true;

    public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) => router.FindAsync(domain, ct);

    public async Task<Connected> ConnectAsync(MailRoute route, SendingIp from, CancellationToken ct)
    {
        // A route the operator configured is not the domain's MX, so the domain's policy does not speak of it.
        var policy = route.Configured ? null : await mtaSts.ForDomainAsync(route.Domain, ct);
        var demand = new TlsDemand(route.Domain, policy, options.Value.RequiresTlsTo(route.Domain));
        var targets = policy is { Mode: MtaStsMode.Enforce } ? [.. route.Targets.Where(t => policy.Lists(t.Host))] : route.Targets;
        if (targets.Count == 0)
        {
            return new Connected(null, Verdicts.Of(new DeliveryOutcome.SoftFail(
                $"451 4.7.5 The MTA-STS policy of {route.Domain} (enforce) lists none of its MX hosts ({string.Join(", ", route.Targets.Select(t => t.Host))}); it allows {string.Join(", ", policy!.MxPatterns)}.")));
        }

        ReplyVerdict? last = null;
        foreach (var target in targets)
        {
            var addresses = await AddressesAsync(target.Host, from, ct);
            if (addresses.Count == 0)
            {
                last = Verdicts.Of(new DeliveryOutcome.SoftFail(FamilyOf(from) is { } family
                    ? $"451 4.4.4 The MX host {target.Host} has no {(family == AddressFamily.InterNetworkV6 ? "IPv6 (AAAA)" : "IPv4 (A)")} address for the sending IP {from.Address}."
                    : $"451 4.4.4 The MX host {target.Host} has no address."));
            }

            foreach (var address in addresses)
            {
                var connected = await OpenAsync(target.Host, new IPEndPoint(address, target.Port), from, demand, ct);
                if (connected.Connection is not null)
                {
                    return connected;
                }

                last = connected.Failure;
            }
        }

        return new Connected(null, last ?? Verdicts.Of(new DeliveryOutcome.SoftFail($"451 4.4.4 No server to try for {route.Domain}.")));
    }

    private async Task<IReadOnlyList<IPAddress>> AddressesAsync(string host, SendingIp from, CancellationToken ct)
    {
        var family = FamilyOf(from);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return family is null || literal.AddressFamily == family ? [literal] : [];
        }

        var answer = await dns.AddressesAsync(host, ipv6: family == AddressFamily.InterNetworkV6, ct);
        return family is null && answer.Records.Count == 0 ? (await dns.AddressesAsync(host, ipv6: true, ct)).Records : answer.Records;
    }

    private static AddressFamily? FamilyOf(SendingIp from) =>
        IPAddress.TryParse(from.Address, out var address) ? address.AddressFamily : null;

    private Task<Connected> OpenAsync(string host, IPEndPoint server, SendingIp from, TlsDemand demand, CancellationToken ct)
    {
        var direct = options.Value;
        string? problem = "the server showed no certificate";
        return SmtpConnection.OpenAsync($"{host} [{server}]", direct.TimeoutSeconds, classifier, client =>
        {
            // Opportunistic TLS between MTAs (RFC 7435): the handshake completes whatever the certificate; whether it
            // chains to a trusted root and names the MX host is recorded with the delivery, and required only where
            // an MTA-STS policy enforces it (checked once the session is open, so that the deferral can say why).
            client.ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                problem = roots.ChainProblem(certificate, chain, errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch);
                if (problem is null)
                {
                    using var served = new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate!);
                    problem = served.MatchesHostname(host) ? null : $"the certificate is not issued for {host}";
                }

                return true;
            };
            if (!string.IsNullOrWhiteSpace(from.Address))
            {
                client.LocalEndPoint = new IPEndPoint(IPAddress.Parse(from.Address), 0);
            }

            if (!string.IsNullOrWhiteSpace(from.EhloName))
            {
                client.LocalDomain = from.EhloName;
            }
        }, async (client, token) =>
        {
            await client.ConnectAsync(server.Address.ToString(), server.Port, SecureSocketOptions.StartTlsWhenAvailable, token);
            if (demand.Refusal(host, client.IsSecure, problem) is { } refusal)
            {
                await client.DisconnectAsync(quit: true, token);
                throw new IOException(refusal);
            }
        }, ct, client => TlsOf(client, host, problem) + demand.Note(host, client.IsSecure, problem));
    }

    /// <summary>The session's protection in words: the TLS version, the cipher suite, and whether the certificate was verified for the MX host.</summary>
    public static string TlsOf(MailKit.Net.Smtp.SmtpClient client, string host, string? certificateProblem) =>
        !client.IsSecure
            ? "no TLS: the server offered no STARTTLS"
            : $"{Version(client.SslProtocol)}, {client.SslCipherSuite}, certificate {(certificateProblem is null ? $"verified for {host}" : $"not verified for {host}")}";

    private static string Version(System.Security.Authentication.SslProtocols protocol) => protocol switch
    {
        System.Security.Authentication.SslProtocols.Tls13 => "TLS 1.3",
        System.Security.Authentication.SslProtocols.Tls12 => "TLS 1.2",
        var other => other.ToString(),
    };
}
