using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;
using SmartSender.Web.Hosting;
using SmtpServer;

namespace SmartSender.Web.Submission;

/// <summary>
/// SMTP submission (RFC 6409) for apps that can only speak SMTP: STARTTLS on <see cref="SubmissionOptions.Port"/>,
/// implicit TLS on <see cref="SubmissionOptions.TlsPort"/> (RFC 8314), AUTH PLAIN or LOGIN with an API key as the
/// password (<see cref="ApiKeyLogin"/>), one recipient per transaction (<see cref="OneRecipientFilter"/>), and each
/// message handed to the same submission path as <c>POST /api/v1/messages</c> before the 250 (<see cref="SubmissionStore"/>).
/// </summary>
public sealed partial class SubmissionSmtpListener(
    IOptions<SubmissionOptions> options, IOptions<DeliveryOptions> delivery, ApiKeyLogin login, SubmissionStore store,
    IServiceProvider services, IHostEnvironment environment, TimeProvider clock, ILogger<SubmissionSmtpListener> logger) : BackgroundService
{
    private readonly TaskCompletionSource<IReadOnlyList<IPEndPoint>> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the endpoints (STARTTLS first, then TLS, each when on) once all accept connections.</summary>
    public Task<IReadOnlyList<IPEndPoint>> Started => _started.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || (settings.Port == 0 && settings.TlsPort == 0))
        {
            return;
        }

        var address = IPAddress.Parse(settings.Address);
        var endpoints = new List<IPEndPoint>();
        try
        {
            var certificate = SubmissionCertificate.Load(settings, DataDirectory.Resolve(services), environment.IsDevelopment(), clock.GetUtcNow(), logger);
            var host = Dns.GetHostName();
            var builder = new SmtpServerOptionsBuilder()
                .ServerName(host)
                .CustomSmtpGreeting(_ => $"220 {host} ESMTP submission ready")
                .MaxMessageSize((int)Math.Min(int.MaxValue, delivery.Value.MaxMessageBytes * 4 / 3 + 1_000_000), MaxMessageSizeHandling.Strict)
                .MaxAuthenticationAttempts(3);
            if (settings.Port != 0)
            {
                endpoints.Add(new IPEndPoint(address, settings.Port));
                builder.Endpoint(e => e.Endpoint(endpoints[^1]).Certificate(certificate).SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .AllowUnsecureAuthentication(settings.AllowPlainAuthOnLoopback).AuthenticationRequired(false));
            }

            if (settings.TlsPort != 0)
            {
                endpoints.Add(new IPEndPoint(address, settings.TlsPort));
                builder.Endpoint(e => e.Endpoint(endpoints[^1]).IsSecure(true).Certificate(certificate).SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                    .AuthenticationRequired(false));
            }

            var smtpServices = new SmtpServer.ComponentModel.ServiceProvider();
            smtpServices.Add(login);
            smtpServices.Add(new OneRecipientFilter());
            smtpServices.Add(store);
            var listening = 0;
            smtpServices.Add(new NoDelayListenerFactory((definition, local) =>
            {
                LogListening(logger, local, definition.IsSecure ? "implicit TLS" : "STARTTLS");
                if (Interlocked.Increment(ref listening) == endpoints.Count)
                {
                    _started.TrySetResult(endpoints);
                }
            }));
            var server = new SmtpServer.SmtpServer(builder.Build(), smtpServices);
            await server.StartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            LogCannotListen(logger, ex, string.Join(", ", endpoints));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP submission listening on {Endpoint} ({Security})")]
    private static partial void LogListening(ILogger logger, EndPoint endpoint, string security);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMTP submission cannot listen on {Endpoints}; apps cannot send by SMTP")]
    private static partial void LogCannotListen(ILogger logger, Exception ex, string endpoints);
}
