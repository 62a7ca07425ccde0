using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Web.DevTools;

/// <summary>
/// An SMTP server on 127.0.0.1 that accepts everything and keeps each message as an .eml file: the <c>dev-smtp</c>
/// command (which prints a line per message) and the development inbox both run it.
/// </summary>
public static class DevSmtpSink
{
    /// <summary>The <c>dev-smtp</c> command: the sink in the foreground, printing a line per message.</summary>
    public static async Task<int> RunAsync(int port, string folder, CancellationToken ct)
    {
        await ServeAsync(port, folder, TimeProvider.System,
            () => Console.WriteLine($"Development SMTP server listening on 127.0.0.1:{port}; messages are saved in {folder}. Ctrl+C stops it."),
            path =>
            {
                using var stream = File.OpenRead(path);
                var headers = HeaderList.Load(stream);
                Console.WriteLine($"Received: {headers[HeaderId.From]} -> {headers[HeaderId.To]}: {headers[HeaderId.Subject]} ({Path.GetFileName(path)})");
            }, ct);
        return 0;
    }

    /// <summary>Serves until <paramref name="ct"/> is cancelled; each message is written whole before it gets its .eml name.</summary>
    public static async Task ServeAsync(int port, string folder, TimeProvider clock, Action onListening, Action<string> onSaved, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("dev-smtp.smartsender.localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new EmlStore(folder, clock, onSaved));
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => onListening();
        services.Add(listeners);
        try
        {
            await new SmtpServer.SmtpServer(options, services).StartAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private sealed class EmlStore(string folder, TimeProvider clock, Action<string> onSaved) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            var name = $"{clock.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}";
            var temporary = Path.Combine(folder, name + ".part");
            await using (var file = File.Create(temporary))
            {
                foreach (var segment in buffer)
                {
                    await file.WriteAsync(segment, ct);
                }
            }

            var path = Path.Combine(folder, name + ".eml");
            File.Move(temporary, path);
            onSaved(path);
            return SmtpResponse.Ok;
        }
    }
}
