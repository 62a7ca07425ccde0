// Submits N messages to SmartSender's SMTP submission listener from C connections, each STARTTLS and AUTH once, then
// message after message on the same connection (as an app's mailer or a Postfix relay does), and writes one line per
// message (reply code, latency of its MAIL…DATA in ms, when it started in ms from the first) to OUT, the format of
// SmartSender.Load. The message is the one SmartSender.Load posts (marketing stream, text and HTML), so both measure
// the same work. The 250's text carries the message id; the ids go to OUT.ids (for counting after a kill).
// Usage: SmartSender.SmtpLoad HOST PORT KEY N CONCURRENCY OUT
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

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
    SmtpClient? client = null;
    int i;
    while ((i = Interlocked.Increment(ref next)) < total)
    {
        var start = Stopwatch.GetTimestamp();
        int code;
        try
        {
            if (client is null)
            {
                client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 60_000 };
                await client.ConnectAsync(host, port, SecureSocketOptions.StartTls);
                await client.AuthenticateAsync("apikey", key);
                start = Stopwatch.GetTimestamp();
            }

            var reply = await client.SendAsync(Message(i));
            ids.Enqueue(reply[(reply.LastIndexOf(' ') + 1)..]);
            code = 250;
        }
        catch (SmtpCommandException ex)
        {
            code = (int)ex.StatusCode;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or MailKit.ServiceNotConnectedException)
        {
            client?.Dispose();
            client = null;
            code = 0;
        }

        results[i] = (code, Stopwatch.GetElapsedTime(start).TotalMilliseconds, Stopwatch.GetElapsedTime(first, start).TotalMilliseconds);
    }

    if (client is { IsConnected: true })
    {
        await client.DisconnectAsync(true);
    }

    client?.Dispose();
})));

await File.WriteAllTextAsync(output + ".cpu", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds.ToString(CultureInfo.InvariantCulture));
var text = new StringBuilder();
foreach (var (code, ms, at) in results)
{
    text.Append(CultureInfo.InvariantCulture, $"{code} {ms:F3} {at:F1}\n");
}

await File.WriteAllTextAsync(output, text.ToString());
await File.WriteAllLinesAsync(output + ".ids", ids);
return 0;

MimeMessage Message(int i)
{
    var message = new MimeMessage { Subject = $"Your order {i}" };
    message.From.Add(new MailboxAddress("Bench", "orders@bench.test"));
    message.To.Add(MailboxAddress.Parse($"customer{i}@{mix[i % mix.Length]}"));
    message.Headers.Add("X-SmartSender-Stream", "marketing");
    message.Body = new BodyBuilder
    {
        TextBody = $"Thank you for order {i}.",
        HtmlBody = $"<p>Thank you for order <b>{i}</b>.</p><p><a href=\"https://bench.test/orders/{i}\">See it</a></p>",
    }.ToMessageBody();
    return message;
}
