using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The https servers of <c>mta-sts.&lt;domain&gt;</c> hosts, as one Kestrel on 127.0.0.1 with a certificate for all of
/// them: <c>/.well-known/mta-sts.txt</c> answers the policy set for the request's host, 404 for any other host.
/// </summary>
public sealed class MtaStsPolicyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _fetches;

    private MtaStsPolicyServer(WebApplication app, int port) => (_app, Port) = (app, port);

    public int Port { get; }

    /// <summary>Policy text by host name (<c>mta-sts.example.test</c>).</summary>
    public ConcurrentDictionary<string, string> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int Fetches => Volatile.Read(ref _fetches);

    public static async Task<MtaStsPolicyServer> StartAsync(X509Certificate2 certificate)
    {
        var port = SmtpSink.FreePort(IPAddress.Loopback);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new MtaStsPolicyServer(app, port);
        app.MapGet("/.well-known/mta-sts.txt", (HttpContext context) =>
        {
            Interlocked.Increment(ref server._fetches);
            return server.Policies.TryGetValue(context.Request.Host.Host, out var policy)
                ? Results.Text(policy, "text/plain")
                : Results.NotFound();
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
