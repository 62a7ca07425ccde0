using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery;

/// <summary>Hands a message to the configured SMTP relay and classifies the reply.</summary>
public class SmtpRelaySender(IOptions<DeliveryOptions> options, ReplyClassifier classifier) : IMessageSender
{
    public bool UsesSendingIps => false;

    /// <summary>Everything goes to the relay: one lane per relay, named "Relay".</summary>
    public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) =>
        Task.FromResult(new RouteLookup(new MailRoute(domain, "Relay", [new RouteTarget(options.Value.Relay.Host, options.Value.Relay.Port)]), null));

    public async Task<ReplyVerdict> SendAsync(MimeMessage message, MailRoute route, Pools.SendingIp from, CancellationToken ct)
    {
        var relay = options.Value.Relay;
        using var client = new SmtpClient { Timeout = relay.TimeoutSeconds * 1000 };
        if (!string.IsNullOrWhiteSpace(relay.HeloName))
        {
            client.LocalDomain = relay.HeloName;
        }

        if (relay.AcceptAnyCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        return await SmtpAttempt.RunAsync(client, $"{relay.Host}:{relay.Port}", async (c, token) =>
        {
            await c.ConnectAsync(relay.Host, relay.Port, ToMailKit(relay.Security), token);
            if (!string.IsNullOrEmpty(relay.Username))
            {
                await c.AuthenticateAsync(relay.Username, relay.Password ?? "", token);
            }
        }, message, relay.TimeoutSeconds, classifier, ct);
    }

    private static SecureSocketOptions ToMailKit(RelaySecurity security) => security switch
    {
        RelaySecurity.None => SecureSocketOptions.None,
        RelaySecurity.StartTls => SecureSocketOptions.StartTls,
        RelaySecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
