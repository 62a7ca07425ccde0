using System.Buffers;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Closure;
using SmartSender.Core.Feedback;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Web.Inbound;

/// <summary>
/// The SMTP server bounces and feedback-loop reports come back to (the return-path host's MX points here). It takes
/// mail only for the addresses <see cref="InboundRecipients"/> names, and hands each message to the
/// <see cref="FeedbackProcessor"/> before it answers 250, so a report is never acknowledged and then lost.
/// </summary>
public sealed partial class InboundSmtpListener(
    IOptions<InboundOptions> options, InboundRecipients recipients, FeedbackProcessor processor, Core.Dmarc.DmarcReports dmarc, IServiceScopeFactory scopes,
    ILogger<InboundSmtpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IPEndPoint> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the endpoint once the listener accepts connections.</summary>
    public Task<IPEndPoint> Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(settings.Address), settings.Port);
        var host = Dns.GetHostName();
        var server = new SmtpServerOptionsBuilder()
            .ServerName(host)

            // No software name or version in the banner: it only helps whoever looks for a known flaw.
            .CustomSmtpGreeting(_ => $"220 {host} ESMTP ready")
            .MaxMessageSize(settings.MaxMessageBytes, MaxMessageSizeHandling.Strict)
            .Endpoint(e => e.Endpoint(endpoint))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(processor, dmarc, recipients, scopes, logger));
        services.Add(new Filter(recipients));
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) =>
        {
            LogListening(logger, endpoint);
            _started.TrySetResult(endpoint);
        };
        services.Add(new UnqualifiedPostmaster(listeners));
        var smtp = new SmtpServer.SmtpServer(server, services);
        smtp.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) => RefuseDeclaredOversize(c, settings.MaxMessageBytes);
        try
        {
            await smtp.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            LogCannotListen(logger, ex, endpoint);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound SMTP for bounces and complaints listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound SMTP cannot listen on {Endpoint}; bounces and complaints sent there are not received")]
    private static partial void LogCannotListen(ILogger logger, Exception ex, IPEndPoint endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail to the support address from {From}: {Outcome}")]
    private static partial void LogSupportMail(ILogger logger, string? from, Core.Closure.ClosureMailOutcome outcome);

    /// <summary>
    /// A message declared larger than the limit (RFC 1870 <c>SIZE=</c>) is refused at MAIL FROM, before it is sent,
    /// however large the number; the library itself reads a size beyond 32 bits as none at all.
    /// </summary>
    private static void RefuseDeclaredOversize(SmtpCommandEventArgs e, long maxBytes)
    {
        if (e.Command is not MailCommand mail || !mail.Parameters.TryGetValue("SIZE", out var declared))
        {
            return;
        }

        if (declared.Length == 0 || !declared.All(char.IsAsciiDigit))
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SyntaxError, "5.5.4 SIZE must be a number of bytes"));
        }

        // Digits too many for 64 bits are a size over any limit.
        var size = long.TryParse(declared, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : long.MaxValue;
        if (size > maxBytes)
        {
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.SizeLimitExceeded, $"5.3.4 Message too big: this server takes at most {maxBytes} bytes"));
        }
    }

    private sealed class Filter(InboundRecipients recipients) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken ct) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken ct) =>
            Task.FromResult(recipients.Accepts(to.User, UnqualifiedPostmaster.HostOf(to.Host)));
    }

    private sealed class Store(FeedbackProcessor processor, Core.Dmarc.DmarcReports dmarc, InboundRecipients recipients, IServiceScopeFactory scopes, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            try
            {
                using var stream = new MemoryStream(buffer.ToArray());
                var message = await MimeMessage.LoadAsync(stream, ct);
                var to = transaction.To.Select(t => UnqualifiedPostmaster.HostOf(t.Host) is { Length: > 0 } host ? $"{t.User}@{host}" : t.User).ToList();
                if (to.Any(recipients.IsDmarc))
                {
                    // A DMARC aggregate report: stored, or refused with the reason (nothing stored), so that its sender knows.
                    var received = await dmarc.ReceiveAsync(message, ct);
                    if (received.Refused)
                    {
                        return new SmtpResponse(SmtpReplyCode.TransactionFailed, $"5.6.0 DMARC report refused: {received.Summary}");
                    }
                }

                var reports = to.Where(t => !recipients.IsSupport(t) && !recipients.IsDmarc(t)).ToList();
                if (reports.Count > 0)
                {
                    await processor.ProcessAsync(message, reports, ct);
                }

                if (reports.Count < to.Count)
                {
                    // Mail to the support address: an Owner asking to close their account.
                    await using var scope = scopes.CreateAsyncScope();
                    var outcome = await scope.ServiceProvider.GetRequiredService<Core.Closure.ClosureByEmail>().ReceiveAsync(message, ct);
                    LogSupportMail(logger, message.From.Mailboxes.FirstOrDefault()?.Address, outcome);
                }

                return SmtpResponse.Ok;
            }
            catch (FormatException)
            {
                return new SmtpResponse(SmtpReplyCode.SyntaxError, "5.6.0 Not a MIME message");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not acknowledged, so the sending server keeps the report and tries again.
                logger.LogError(ex, "An incoming report could not be processed");
                return new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Try again later");
            }
        }
    }
}
