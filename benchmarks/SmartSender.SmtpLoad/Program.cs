// Submits N messages to SmartSender's SMTP submission listener from C connections, each STARTTLS and AUTH once, then
// message after message on the same connection (as an app's mailer or a Postfix relay does), and writes one line per
// message (reply code, latency of its MAIL…DATA in ms, when it started in ms from the first) to OUT, the format of
// SmartSender.Load. Like SmartSender.Load and Postfix's smtp-source it speaks the protocol itself over a socket
// (SmtpConnection), so the load takes as little as it can of the machine both share. The message is the one
// SmartSender.Load posts (marketing stream, text and HTML), so both measure the same work. The 250's text carries
// the message id; the ids go to OUT.ids (for counting after a kill) and the client's CPU seconds to OUT.cpu.
// Usage: SmartSender.SmtpLoad HOST PORT KEY N CONCURRENCY OUT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SmartSender.SmtpLoad;

if (args.Length != 6)
{
    Console.Error.WriteLine("usage: SmartSender.SmtpLoad HOST PORT KEY N CONCURRENCY OUT");
    return 2;
}

var (host, port, key, total, concurrency, output) =
    (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), args[5]);
string[] mix = [.. Enumerable.Repeat("gmail.com", 8), .. Enumerable.Repeat("outlook.com", 4), .. Enumerable.Repeat("yahoo.com", 3), "icloud.com", .. Enumerable.Range(0, 4).Select(i => $"shop{i}.example")];
var results = new (int Code, double Ms, double At)[total];
var ids = new ConcurrentQueue<string>();
var first = Stopwatch.GetTimestamp();
var next = -1;
var cpu = Process.GetCurrentProcess().TotalProcessorTime;

await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    SmtpConnection? connection = null;
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        var to = $"customer{i}@{mix[i % mix.Length]}";
        var content = Content(i, to);
        var start = Stopwatch.GetTimestamp();
        int code;
        try
        {
            if (connection is null)
            {
                connection = await SmtpConnection.OpenAsync(host, port, key);
                start = Stopwatch.GetTimestamp();
            }

            (code, var text) = await connection.SendAsync("orders@bench.test", to, content);
            if (code == 250)
            {
                ids.Enqueue(text[(text.LastIndexOf(' ') + 1)..].TrimEnd('.'));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            connection?.Dispose();
            connection = null;
            code = 0;
        }

        results[i] = (code, Stopwatch.GetElapsedTime(start).TotalMilliseconds, Stopwatch.GetElapsedTime(first, start).TotalMilliseconds);
    }

    connection?.Dispose();
})));

await File.WriteAllTextAsync(output + ".cpu", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds.ToString(CultureInfo.InvariantCulture));
var lines = new StringBuilder();
foreach (var (code, ms, at) in results)
{
    lines.Append(CultureInfo.InvariantCulture, $"{code} {ms:F3} {at:F1}\n");
}

await File.WriteAllTextAsync(output, lines.ToString());
await File.WriteAllLinesAsync(output + ".ids", ids);
return 0;

// The message as an app's mailer writes it: text and HTML alternatives, the marketing stream in a header, dot-stuffed
// and ended by the lone dot.
static byte[] Content(int i, string to)
{
    var boundary = $"=_alt{i}";
    return Encoding.ASCII.GetBytes(
        $"From: Bench <orders@bench.test>\r\nTo: <{to}>\r\nSubject: Your order {i}\r\nX-SmartSender-Stream: marketing\r\n" +
        $"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n" +
        $"--{boundary}\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThank you for order {i}.\r\n" +
        $"--{boundary}\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>Thank you for order <b>{i}</b>.</p><p><a href=\"https://bench.test/orders/{i}\">See it</a></p>\r\n" +
        $"--{boundary}--\r\n.\r\n");
}
