using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SmartSender.Core.Delivery;

/// <summary>Hands a message to the configured SMTP relay and classifies the reply.</summary>
public class SmtpRelaySender(IOptions<DeliveryOptions> options)
{
    public async Task<DeliveryOutcome> SendAsync(MimeMessage message, CancellationToken ct)
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

        try
        {
            await client.ConnectAsync(relay.Host, relay.Port, ToMailKit(relay.Security), ct);
            if (!string.IsNullOrEmpty(relay.Username))
            {
                await client.AuthenticateAsync(relay.Username, relay.Password ?? "", ct);
            }

            var reply = await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return new DeliveryOutcome.Sent($"250 {reply}".Trim());
        }
        catch (SmtpCommandException ex)
        {
            return SmtpReplyClassifier.Classify((int)ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or SocketException or IOException or TimeoutException or AuthenticationException or SslHandshakeException)
        {
            return new DeliveryOutcome.SoftFail($"No SMTP conversation with {relay.Host}:{relay.Port}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryOutcome.SoftFail($"{relay.Host}:{relay.Port} did not answer within {relay.TimeoutSeconds} s.");
        }
    }

    private static SecureSocketOptions ToMailKit(RelaySecurity security) => security switch
    {
        RelaySecurity.None => SecureSocketOptions.None,
        RelaySecurity.StartTls => SecureSocketOptions.StartTls,
        RelaySecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
