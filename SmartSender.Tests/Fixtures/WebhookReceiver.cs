using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;

namespace SmartSender.Tests.Fixtures;

/// <summary>An HTTP server on 127.0.0.1 that takes webhook posts, answers with the statuses the test queues (200 otherwise) and keeps every request.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<(int Status, string? Location)> _answers = new();
    private readonly Task _loop;

    public WebhookReceiver()
    {
        Port = SmtpSink.FreePort(IPAddress.Loopback);
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks/smartsender";

    /// <summary>The next requests are answered with <paramref name="status"/>, e.g. 500 or a 302 to <paramref name="location"/>.</summary>
    public void AnswerNext(int status, int times = 1, string? location = null)
    {
        for (var i = 0; i < times; i++)
        {
            _answers.Enqueue((status, location));
        }
    }

    public List<ReceivedWebhook> TakeAll()
    {
        var all = new List<ReceivedWebhook>();
        while (_received.Reader.TryRead(out var item))
        {
            all.Add(item);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var (status, location) = _answers.TryDequeue(out var answer) ? answer : (200, null);
            await _received.Writer.WriteAsync(new ReceivedWebhook(
                context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body, status));
            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.RedirectLocation = location;
            }

            context.Response.Close();
        }
    }
}

public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body, int AnsweredWith);
