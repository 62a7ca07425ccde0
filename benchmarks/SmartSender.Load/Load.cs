using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SmartSender.Load;

/// <summary>
/// Sends numbered send requests and times each one; with several addresses, client k sends to address k mod n. With
/// <paramref name="batch"/> each request is a batch of that many messages (POST /api/v1/messages/batch), numbered on.
/// </summary>
internal sealed class Load(Uri[] urls, string key, string? sendAt, int batch = 0)
{
    private static readonly string[] Mix =
        [.. Enumerable.Repeat("gmail.com", 8), .. Enumerable.Repeat("outlook.com", 4), .. Enumerable.Repeat("yahoo.com", 3), "icloud.com", .. Enumerable.Range(0, 4).Select(i => $"shop{i}.example")];

    private readonly string[] _heads = [.. urls.Select(url => $"POST /api/v1/messages{(batch > 0 ? "/batch" : "")} HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: ")];

    /// <summary>Messages <paramref name="from"/> to from + count; back to back, or due at <paramref name="rate"/> per second.</summary>
    public async Task<(int Status, double Ms, double At)[]> RunAsync(int from, int count, int concurrency, double? rate)
    {
        var results = new (int Status, double Ms, double At)[count];
        var first = Stopwatch.GetTimestamp();
        var next = -1;
        var ticksPerMs = Stopwatch.Frequency / 1000.0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(client => Task.Run(async () =>
        {
            var (url, head) = (urls[client % urls.Length], _heads[client % urls.Length]);
            HttpConnection? connection = null;
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var request = Request(from + i, head);
                var start = Stopwatch.GetTimestamp();
                if (rate is { } perSecond)
                {
                    var due = first + (long)(i / perSecond * Stopwatch.Frequency);
                    if (due > start)
                    {
                        await Task.Delay(TimeSpan.FromSeconds((double)(due - start) / Stopwatch.Frequency));
                    }

                    start = due;
                }

                int status;
                try
                {
                    connection ??= await HttpConnection.OpenAsync(url.Host, url.Port);
                    (status, var keepAlive) = await connection.PostAsync(request);
                    if (!keepAlive)
                    {
                        connection.Dispose();
                        connection = null;
                    }
                }
                catch (Exception ex) when (ex is IOException or SocketException)
                {
                    connection?.Dispose();
                    connection = null;
                    status = 0;
                }

                results[i] = (status, (Stopwatch.GetTimestamp() - start) / ticksPerMs, (start - first) / ticksPerMs);
            }

            connection?.Dispose();
        })));
        return results;
    }

    private byte[] Request(int i, string head)
    {
        var json = batch > 0
            ? JsonSerializer.SerializeToUtf8Bytes(new { messages = Enumerable.Range(i * batch, batch).Select(Message).ToArray() })
            : JsonSerializer.SerializeToUtf8Bytes(Message(i));
        return [.. Encoding.ASCII.GetBytes($"{head}{json.Length}\r\n\r\n"), .. json];
    }

    private Dictionary<string, string> Message(int i)
    {
        var body = new Dictionary<string, string>
        {
            ["from"] = "Bench <orders@bench.test>",
            ["to"] = $"customer{i}@{Mix[i % Mix.Length]}",
            ["subject"] = $"Your order {i}",
            ["text"] = $"Thank you for order {i}.",
            ["html"] = $"<p>Thank you for order <b>{i}</b>.</p><p><a href=\"https://bench.test/orders/{i}\">See it</a></p>",
            // Marketing: opens and clicks tracked (links rewritten, pixel added) and List-Unsubscribe, all signed.
            ["stream"] = "marketing",
        };
        if (sendAt is not null)
        {
            body["send_at"] = sendAt;
        }

        return body;
    }
}
