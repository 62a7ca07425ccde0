using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery;

/// <summary>One SMTP conversation with MailKit, its reply or failure turned into a <see cref="DeliveryOutcome"/>.</summary>
internal static class SmtpAttempt
{
    public static async Task<ReplyVerdict> RunAsync(
        SmtpClient client, string server, Func<SmtpClient, CancellationToken, Task> connect, MimeMessage message, int timeoutSeconds,
        ReplyClassifier classifier, CancellationToken ct)
    {
        try
        {
            await connect(client, ct);
            var reply = await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
            return Verdict(new DeliveryOutcome.Sent($"250 {reply}".Trim()));
        }
        catch (SmtpCommandException ex)
        {
            return classifier.Classify((int)ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or SocketException or IOException or TimeoutException or AuthenticationException or SslHandshakeException)
        {
            return Verdict(new DeliveryOutcome.SoftFail($"No SMTP conversation with {server}: {ex.Message}"));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Verdict(new DeliveryOutcome.SoftFail($"{server} did not answer within {timeoutSeconds} s."));
        }
    }

    /// <summary>An outcome no reply rule applies to: delivered, or no conversation at all.</summary>
    public static ReplyVerdict Verdict(DeliveryOutcome outcome) =>
        new(outcome, null, null, null, null) { AddressIsBad = outcome is DeliveryOutcome.HardFail && ReplyClassifier.IsBadAddress(outcome.Reply) };
}
