using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Wire;

namespace SmartSender.Core.Delivery.Smtp;

/// <summary>
/// A MailKit session that sends message after message. A refused message leaves the session usable (MailKit sends
/// RSET); a lost one closes it. Every outcome is a <see cref="ReplyVerdict"/>: the server's reply, classified.
/// </summary>
public sealed class SmtpConnection : IMailConnection
{
    private readonly SmtpClient _client;
    private readonly ReplyRecorder _replies;
    private readonly ReplyClassifier _classifier;
    private readonly int _timeoutSeconds;
    private readonly MailKitMessage _outgoing = new();

    private SmtpConnection(SmtpClient client, ReplyRecorder replies, string server, ReplyClassifier classifier, int timeoutSeconds, string? tls)
    {
        (_client, _replies, Server, _classifier, _timeoutSeconds, Tls) = (client, replies, server, classifier, timeoutSeconds, tls);
    }

    /// <summary>How the session is protected, as a delivery's reply records it: "TLS 1.3, TLS_AES_256_GCM_SHA384, certificate verified for mx.example".</summary>
    public string? Tls { get; }

    public string Server { get; }

    public bool IsOpen => _client.IsConnected;

    /// <summary>Connects (and greets, and authenticates) with <paramref name="open"/>; a failure is a temporary one.</summary>
    public static async Task<Connected> OpenAsync(
        string server, int timeoutSeconds, ReplyClassifier classifier, Action<SmtpClient> configure, Func<SmtpClient, CancellationToken, Task> open, CancellationToken ct,
        Func<SmtpClient, string?>? describeTls = null)
    {
        var replies = new ReplyRecorder();
        var client = new SmtpClient(replies) { Timeout = timeoutSeconds * 1000 };
        configure(client);
        try
        {
            await open(client, ct);
            return new Connected(new SmtpConnection(client, replies, server, classifier, timeoutSeconds, describeTls?.Invoke(client)), null);
        }
        catch (Exception ex) when (IsConversationFailure(ex, ct))
        {
            client.Dispose();

            // Whatever the greeting said, another host or a later try may do: a session that never opened fails softly.
            var reason = ex is SmtpCommandException command ? $"{(int)command.StatusCode} {command.Message}" : Describe(ex, server, timeoutSeconds);
            return new Connected(null, Soft(reason));
        }
    }

    public async Task<ReplyVerdict> SendAsync(WireMessage message, string returnPath, CancellationToken ct)
    {
        _replies.Clear();
        try
        {
            var reply = await _client.SendAsync(_outgoing.Fill(message), new MailboxAddress("", returnPath), [message.Recipient], ct);
            var accepted = $"250 {reply}".Trim();
            return Verdicts.Of(new DeliveryOutcome.Delivered(Tls is null ? accepted : $"{accepted} ({Tls})"));
        }
        catch (SmtpCommandException ex)
        {
            return _classifier.Classify((int)ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (IsConversationFailure(ex, ct))
        {
            // A server that refused and hung up at once: its refusal is the outcome, not the lost connection.
            return _replies.Last is { Code: >= 400 } last ? _classifier.Classify(last.Code, last.Text) : Soft(Describe(ex, Server, _timeoutSeconds));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected)
            {
                using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _client.DisconnectAsync(quit: true, quit.Token);
            }
        }
        catch (Exception ex) when (IsConversationFailure(ex, CancellationToken.None))
        {
            // The messages are already accounted for; a QUIT that fails changes nothing.
        }
        finally
        {
            _client.Dispose();
        }
    }

    private static bool IsConversationFailure(Exception ex, CancellationToken ct) =>
        ex is SmtpCommandException or SmtpProtocolException or SocketException or IOException or TimeoutException or AuthenticationException
            or SslHandshakeException or ServiceNotConnectedException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private static string Describe(Exception ex, string server, int timeoutSeconds) => ex is OperationCanceledException or TimeoutException
        ? $"451 4.4.2 {server} did not answer within {timeoutSeconds} s."
        : $"451 4.4.1 No SMTP conversation with {server}: {ex.Message}";

    private static ReplyVerdict Soft(string reply) => Verdicts.Of(new DeliveryOutcome.SoftFail(reply));
}
