using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SmartSender.Core.ContentReview;

/// <summary>
/// Asks a SpamAssassin <c>spamd</c> for its score and the rules that fired (the SPAMC/1.5 <c>SYMBOLS</c> command).
/// Unset, unreachable or slow, it returns nothing and the built-in rules stand alone: a spam filter that is down
/// must not stop the mail.
/// </summary>
public sealed partial class SpamdClient(IOptions<ContentReviewOptions> options, ILogger<SpamdClient> log)
{
    public const string Rule = "spamassassin";

    public bool Configured => !string.IsNullOrWhiteSpace(options.Value.Spamd);

    public async Task<RuleHit?> CheckAsync(MimeMessage message, CancellationToken ct = default)
    {
        if (!Configured)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.SpamdTimeoutMilliseconds);
        try
        {
            var (host, port) = Endpoint(options.Value.Spamd!);
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            await using var stream = client.GetStream();
            using var body = new MemoryStream();
            await message.WriteToAsync(FormatOptions.Default, body, timeout.Token);
            var head = Encoding.ASCII.GetBytes($"SYMBOLS SPAMC/1.5\r\nContent-length: {body.Length}\r\n\r\n");
            await stream.WriteAsync(head, timeout.Token);
            await stream.WriteAsync(body.GetBuffer().AsMemory(0, (int)body.Length), timeout.Token);
            client.Client.Shutdown(SocketShutdown.Send);
            using var reader = new StreamReader(stream, Encoding.ASCII);
            return Parse(await reader.ReadToEndAsync(timeout.Token));
        }
        catch (Exception e) when ((e is SocketException or IOException or OperationCanceledException or FormatException) && !ct.IsCancellationRequested)
        {
            log.LogWarning("spamd at {Spamd} did not answer ({Error}); the built-in content rules stand alone.", options.Value.Spamd, e.Message);
            return null;
        }
    }

    /// <summary>Reads <c>SPAMD/1.1 0 EX_OK</c>, <c>Spam: True ; 10.0 / 5.0</c>, a blank line, then the rule names.</summary>
    internal static RuleHit Parse(string reply)
    {
        var parts = reply.Replace("\r\n", "\n").Split("\n\n", 2);
        var lines = parts[0].Split('\n');
        if (!lines[0].StartsWith("SPAMD/", StringComparison.Ordinal) || !lines[0].Contains(" 0 ", StringComparison.Ordinal))
        {
            throw new FormatException($"spamd answered '{lines[0]}'.");
        }

        var spam = lines.FirstOrDefault(l => l.StartsWith("Spam:", StringComparison.OrdinalIgnoreCase)) ?? throw new FormatException("spamd gave no score.");
        var score = double.Parse(spam.Split(';')[1].Split('/')[0].Trim(), CultureInfo.InvariantCulture);
        var symbols = parts.Length > 1 ? parts[1].Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var named = symbols.Length == 0 ? "no rules" : string.Join(", ", symbols.Take(10)) + (symbols.Length > 10 ? $" and {symbols.Length - 10} more" : "");
        return new RuleHit(Rule, score, $"SpamAssassin scored {score.ToString("0.0", CultureInfo.InvariantCulture)}: {named}.");
    }

    private static (string Host, int Port) Endpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var port) ? (value[..colon], port) : (value, 783);
    }
}
