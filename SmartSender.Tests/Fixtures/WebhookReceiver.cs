using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;

namespace SmartSender.Tests.Fixtures;

/// <summary>An HTTP server on 127.0.0.1 that takes webhook posts, answers with the statuses the test queues (200 otherwise) and keeps every request.</summary>
public sealed class WebhookReceiver : LoopbackHttpServer
{
    private readonly Channel<ReceivedWebhook> _received = Channel.CreateUnbounded<ReceivedWebhook>();
    private readonly ConcurrentQueue<(int Status, string? Location)> _answers = new();

    public string Url => $"http://127.0.0.1:{Port}/hooks/smartsender";

    /// <summary>The next requests are answered with <paramref name="status"/>, e.g. 500 or a 302 to <paramref name="location"/>.</summary>
    public void AnswerNext(int status, int times = 1, string? location = null)
    {
        for (var i = 0; i < times; i++)
        {
            _answers.Enqueue((status, location));
        }
    }

    /// <summary>The next post received, waiting up to <paramref name="timeout"/> (10 s by default).</summary>
    public async Task<ReceivedWebhook> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(cts.Token);
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

    protected override async Task HandleAsync(HttpListenerContext context)
    {
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
    }
}

public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, string Body, int AnsweredWith);
