// Submits N messages to SmartSender's send API from C concurrent keep-alive clients and writes one line per request
// (status, latency in ms, and when it was sent in ms from the first) to OUT. Like Postfix's smtp-source on the other
// side of the comparison, it speaks the protocol itself over plain sockets (HTTP/1.1 here), so the load takes as
// little as it can of the machine both share: with HttpClient it took 0.25 ms of CPU per request, this way 0.17 ms
// (most of it the kernel's loopback TCP, which runs the receiving side's work in the sender's time).
// Usage: SmartSender.Load URL[,URL…] KEY N CONCURRENCY OUT [RATE]
// With several URLs (instances behind no balancer), the clients are dealt out among them in turn.
// Without RATE the C clients send back to back (a closed loop: the server's pace sets the load's). With RATE the
// messages are due at RATE per second whatever the server does (an open loop, as independent applications send),
// from up to C connections at once, and each latency counts from when its message was due, so a request that had to
// wait for a free connection is not timed as if it had been sent on time.
// WARMUP=W in the environment first sends W messages (none for 0) back to back from 16 clients, prints "warmed up A"
// (A of them accepted) and waits for the file OUT.go before the N: the client's own start (its compiling, its
// connections) is then behind it when the clock starts. The CPU the client used for the N goes to OUT.cpu, in seconds.
// Recipients follow a provider mix: 40 % gmail.com, 20 % outlook.com, 15 % yahoo.com, 5 % icloud.com, 20 % other domains.
// SEND_AT in the environment schedules every message for that time (acceptance alone is measured).
// BATCH=B in the environment makes each of the N requests a batch of B messages (POST /api/v1/messages/batch).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using SmartSender.Load;

if (args.Length is not (5 or 6))
{
    Console.Error.WriteLine("usage: SmartSender.Load URL[,URL…] KEY N CONCURRENCY OUT [RATE]");
    return 2;
}

var (urls, key, total, concurrency, output) = (args[0].Split(',').Select(u => new Uri(u)).ToArray(), args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
double? rate = args.Length == 6 ? double.Parse(args[5], CultureInfo.InvariantCulture) : null;
var warmup = int.TryParse(Environment.GetEnvironmentVariable("WARMUP"), CultureInfo.InvariantCulture, out var w) ? w : 0;
var batch = int.TryParse(Environment.GetEnvironmentVariable("BATCH"), CultureInfo.InvariantCulture, out var b) ? b : 0;
var load = new Load(urls, key, Environment.GetEnvironmentVariable("SEND_AT"), batch);

if (Environment.GetEnvironmentVariable("WARMUP") is not null)
{
    // Even with no warm-up, the measured messages wait for the caller's clock.
    var warm = warmup > 0 ? await load.RunAsync(0, warmup, 16, rate: null) : [];
    Console.WriteLine($"warmed up {warm.Count(r => r.Status == 202)}");
    while (!File.Exists(output + ".go"))
    {
        await Task.Delay(10);
    }
}

var cpu = Process.GetCurrentProcess().TotalProcessorTime;
var results = await load.RunAsync(warmup, total, concurrency, rate);
await File.WriteAllTextAsync(output + ".cpu", (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds.ToString(CultureInfo.InvariantCulture));

var text = new StringBuilder();
foreach (var (status, ms, at) in results)
{
    text.Append(CultureInfo.InvariantCulture, $"{status} {ms:F3} {at:F1}\n");
}

await File.WriteAllTextAsync(output, text.ToString());
return 0;
