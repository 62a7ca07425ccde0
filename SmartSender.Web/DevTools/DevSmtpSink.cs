using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Web.DevTools;

/// <summary>
/// A development SMTP server on 127.0.0.1 that accepts everything, prints a line per message and keeps each
/// one as an .eml file, so a fresh installation can watch its mail arrive without a real mail server.
/// </summary>
public static class DevSmtpSink
{
    public static async Task<int> RunAsync(int port, string folder, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("dev-smtp.smartsender.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new EmlStore(folder, TimeProvider.System));
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) =>
            Console.WriteLine($"Development SMTP server listening on 127.0.0.1:{port}; messages are saved in {folder}. Ctrl+C stops it.");
        services.Add(listeners);
        try
        {
            await new SmtpServer.SmtpServer(options, services).StartAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        return 0;
    }

    private sealed class EmlStore(string folder, TimeProvider clock) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, ct);
            var path = Path.Combine(folder, $"{clock.GetUtcNow():yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
            stream.Position = 0;
            await using (var file = File.Create(path))
            {
                await stream.CopyToAsync(file, ct);
            }

            Console.WriteLine($"Received: {message.From} -> {message.To}: {message.Subject} ({Path.GetFileName(path)})");
            return SmtpResponse.Ok;
        }
    }
}
