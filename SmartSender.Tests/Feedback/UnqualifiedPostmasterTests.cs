using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Inbound;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Tests.Feedback;

/// <summary>
/// The rewriting of <c>RCPT TO:&lt;postmaster&gt;</c> on a real SMTP server on 127.0.0.1: the command is understood,
/// and message content that looks like commands reaches the store byte for byte.
/// </summary>
public sealed class UnqualifiedPostmasterTests : IAsyncLifetime
{
    private readonly int _port = SmtpSink.FreePort(IPAddress.Loopback);
    private readonly CancellationTokenSource _stop = new();
    private readonly Capture _store = new();
    private readonly List<string> _recipients = [];
    private Task _server = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("inbound.test").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, _port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => listening.TrySetResult();
        services.Add(new UnqualifiedPostmaster(listeners));
        services.Add(_store);
        services.Add(new Filter(_recipients));
        _server = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _server;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task PostmasterWithoutADomain_ReachesTheFilterWithNoDomain_AndContentIsPassedUnchanged()
    {
        const string content = "Subject: look-alikes\r\n\r\nRCPT TO:<postmaster>\r\n..\r\nrcpt to: <Postmaster> NOTIFY=NEVER\r\nQUIT\r\n";
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string?> SayAsync(string command)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            return await reader.ReadLineAsync();
        }

        Assert.StartsWith("220 ", await reader.ReadLineAsync());
        Assert.StartsWith("250", await SayAsync("HELO mx.example.test"));
        Assert.StartsWith("250", await SayAsync("MAIL FROM:<>"));
        Assert.StartsWith("250", await SayAsync("RCPT TO:<Postmaster>"));
        Assert.StartsWith("354", await SayAsync("DATA"));
        Assert.StartsWith("250", await SayAsync(content + "."));

        // Back at commands after the lone dot, and pipelined commands are still read one by one.
        await stream.WriteAsync(Encoding.ASCII.GetBytes("MAIL FROM:<>\r\nRCPT TO:<postmaster> NOTIFY=NEVER\r\nRCPT TO:<postmaster@example.test>\r\n"));
        Assert.StartsWith("250", await reader.ReadLineAsync());
        Assert.StartsWith("250", await reader.ReadLineAsync());
        Assert.StartsWith("250", await reader.ReadLineAsync());

        // The store gets the content unstuffed, without the line break that belongs to the terminating dot.
        Assert.Equal(content.Replace("\r\n..\r\n", "\r\n.\r\n", StringComparison.Ordinal)[..^2], Assert.Single(_store.Messages));
        Assert.Equal(["postmaster@", "postmaster@", "postmaster@example.test"], _recipients);
    }

    private sealed class Filter(List<string> seen) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add($"{to.User}@{UnqualifiedPostmaster.HostOf(to.Host)}");
            }

            return Task.FromResult(true);
        }
    }

    private sealed class Capture : MessageStore
    {
        public List<string> Messages { get; } = [];

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Messages.Add(Encoding.ASCII.GetString(buffer.ToArray()));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
