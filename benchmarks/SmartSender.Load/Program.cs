// Submits N messages to SmartSender's send API from C concurrent keep-alive clients and writes one line per request
// (status, latency in ms, and when it was sent in ms from the first) to OUT. Like Postfix's smtp-source on the other
// side of the comparison, it speaks the protocol itself over plain sockets (HTTP/1.1 here), so the load takes as
// little as it can of the machine both share: with HttpClient it took 0.25 ms of CPU per request, this way 0.17 ms
// (most of it the kernel's loopback TCP, which runs the receiving side's work in the sender's time).
// Usage: SmartSender.Load URL KEY N CONCURRENCY OUT
// Recipients follow a provider mix: 40 % gmail.com, 20 % outlook.com, 15 % yahoo.com, 5 % icloud.com, 20 % other domains.
// SEND_AT in the environment schedules every message for that time (acceptance alone is measured).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SmartSender.Load;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: SmartSender.Load URL KEY N CONCURRENCY OUT");
    return 2;
}

var (url, key, total, concurrency, output) = (new Uri(args[0]), args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
string[] mix = [.. Enumerable.Repeat("gmail.com", 8), .. Enumerable.Repeat("outlook.com", 4), .. Enumerable.Repeat("yahoo.com", 3), "icloud.com", .. Enumerable.Range(0, 4).Select(i => $"shop{i}.example")];
var sendAt = Environment.GetEnvironmentVariable("SEND_AT");
var head = $"POST /api/v1/messages HTTP/1.1\r\nHost: {url.Authority}\r\nAuthorization: Bearer {key}\r\nContent-Type: application/json\r\nContent-Length: ";

var results = new (int Status, double Ms, double At)[total];
var first = Stopwatch.GetTimestamp();
var next = -1;
var ticksPerMs = Stopwatch.Frequency / 1000.0;
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    HttpConnection? connection = null;
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        var body = new Dictionary<string, string>
        {
            ["from"] = "Bench <orders@bench.test>",
            ["to"] = $"customer{i}@{mix[i % mix.Length]}",
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

        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        var request = Encoding.ASCII.GetBytes($"{head}{json.Length}\r\n\r\n").Concat(json).ToArray();
        var start = Stopwatch.GetTimestamp();
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
        catch (IOException)
        {
            connection?.Dispose();
            connection = null;
            status = 0;
        }
        catch (System.Net.Sockets.SocketException)
        {
            connection?.Dispose();
            connection = null;
            status = 0;
        }

        results[i] = (status, (Stopwatch.GetTimestamp() - start) / ticksPerMs, (start - first) / ticksPerMs);
    }

    connection?.Dispose();
})));

var text = new StringBuilder();
foreach (var (status, ms, at) in results)
{
    text.Append(CultureInfo.InvariantCulture, $"{status} {ms:F3} {at:F1}\n");
}

await File.WriteAllTextAsync(output, text.ToString());
return 0;
