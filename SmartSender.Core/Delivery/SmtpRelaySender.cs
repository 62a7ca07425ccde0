using MailKit.Security;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Smtp;

namespace SmartSender.Core.Delivery;

/// <summary>Hands messages to the configured SMTP relay.</summary>
public class SmtpRelaySender(IOptions<DeliveryOptions> options, ReplyClassifier classifier) : IMessageSender
{
    public bool UsesSendingIps => false;

    /// <summary>Everything goes to the relay: one lane per relay, named "Relay".</summary>
    public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) =>
        Task.FromResult(new RouteLookup(new MailRoute(domain, "Relay", [new RouteTarget(options.Value.Relay.Host!, options.Value.Relay.Port)]), null));

    public Task<Connected> ConnectAsync(MailRoute route, Pools.SendingIp from, CancellationToken ct)
    {
        var relay = options.Value.Relay;
        return SmtpConnection.OpenAsync($"{relay.Host}:{relay.Port}", relay.TimeoutSeconds, classifier, client =>
        {
            if (!string.IsNullOrWhiteSpace(relay.HeloName))
            {
                client.LocalDomain = relay.HeloName;
            }

            if (relay.AcceptAnyCertificate)
            {
                client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            }
        }, async (client, token) =>
        {
            await client.ConnectAsync(relay.Host!, relay.Port, ToMailKit(relay.Security), token);
            if (!string.IsNullOrEmpty(relay.Username))
            {
                await client.AuthenticateAsync(relay.Username, relay.Password ?? "", token);
            }
        }, ct);
    }

    private static SecureSocketOptions ToMailKit(RelaySecurity security) => security switch
    {
        RelaySecurity.None => SecureSocketOptions.None,
        RelaySecurity.StartTls => SecureSocketOptions.StartTls,
        RelaySecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
