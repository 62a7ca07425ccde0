using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package) that keeps what it receives. It can be told to
/// answer DATA with a chosen reply, to play a receiver that refuses or defers.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly Channel<MimeMessage> _received = Channel.CreateUnbounded<MimeMessage>();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IPAddress> _sources = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _envelopeFroms = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    /// <param name="address">The loopback address to listen on (127.0.0.2, … play distinct MX hosts).</param>
    /// <param name="port">The port; a free one when not given.</param>
    /// <param name="certificate">With one, the sink offers STARTTLS with it.</param>
    public SmtpSink(IPAddress? address = null, int? port = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        Address = address ?? IPAddress.Loopback;
        Port = port ?? FreePort(Address);
        var options = new SmtpServerOptionsBuilder().ServerName("sink.test").Endpoint(e =>
        {
            e.Endpoint(new IPEndPoint(Address, Port));
            if (certificate is not null)
            {
                e.Certificate(certificate);
            }
        }).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => started.TrySetResult();
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = server.StartAsync(_stop.Token);

        // Only hand the sink out once it listens, so the first connection is never refused.
        if (!started.Task.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"The test SMTP server did not start listening on {Address}:{Port}.");
        }
    }

    private int _sessions;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _subjects = new();
    private int _count;

    public IPAddress Address { get; }

    /// <summary>How many SMTP sessions clients opened.</summary>
    public int Sessions => Volatile.Read(ref _sessions);

    public int Port { get; }

    /// <summary>The address a received message came from, by its Message-Id: which sending IP connected.</summary>
    public IPAddress SourceOf(MimeMessage message) => _sources[message.MessageId ?? ""];

    /// <summary>The envelope sender (MAIL FROM) <paramref name="message"/> came with; empty for the null sender.</summary>
    public string EnvelopeFromOf(MimeMessage message) => _envelopeFroms[message.MessageId ?? ""];

    /// <summary>Every accepted message's source address, first recipient's domain and arrival (a Stopwatch timestamp), in order.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    private readonly System.Collections.Concurrent.ConcurrentQueue<Arrival> _arrivals = new();

    /// <summary>How many messages the sink accepted.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>How many times each subject arrived.</summary>
    public Dictionary<string, int> Subjects() => new(_subjects);

    /// <summary>The reply to DATA; null accepts the message.</summary>
    public SmtpResponse? Reply { get; set; }

    /// <summary>The next message the sink accepts, or a timeout failure.</summary>
    public async Task<MimeMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(cts.Token);
    }

    public bool TryTake(out MimeMessage? message) => _received.Reader.TryRead(out message);

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>A port free on <paramref name="address"/>.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One accepted message: which address sent it, to which domain, and when it arrived.</summary>
    public sealed record Arrival(IPAddress Source, string RecipientDomain, long At);

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            if (sink.Reply is { } reply)
            {
                return reply;
            }

            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, ct);
            if (context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var remote) && remote is IPEndPoint source && message.MessageId is { } id)
            {
                sink._sources[id] = source.Address;
            }

            sink._envelopeFroms[message.MessageId ?? ""] = transaction.From is { User.Length: > 0 } from ? $"{from.User}@{from.Host}" : "";

            sink._subjects.AddOrUpdate(message.Subject ?? "", 1, (_, n) => n + 1);
            sink._arrivals.Enqueue(new Arrival(
                (remote as IPEndPoint)?.Address ?? IPAddress.None, transaction.To.Count > 0 ? transaction.To[0].Host.ToLowerInvariant() : "",
                System.Diagnostics.Stopwatch.GetTimestamp()));
            Interlocked.Increment(ref sink._count);
            await sink._received.Writer.WriteAsync(message, ct);
            return SmtpResponse.Ok;
        }
    }
}
