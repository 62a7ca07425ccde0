using System.Net;
using System.Net.Sockets;
using MimeKit;
using MimeKit.Cryptography;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Delivery;

namespace SmartSender.Web.DevTools;

/// <summary>
/// The development inbox: in Development, when no relay is configured, delivery hands every message to this SMTP
/// server on 127.0.0.1 (a port of its own, chosen at start), which keeps it as an .eml file in <c>dev-inbox</c> in
/// the data folder. The message goes the whole way a real one goes (queue, lane, DKIM signature, SMTP), and the
/// Inbox page shows what a receiving server would have seen.
/// </summary>
public sealed class DevelopmentInbox(string folder, IDnsResolver dns, TimeProvider clock, IConfiguration configuration, ILogger<DevelopmentInbox> log) : BackgroundService
{
    /// <summary>Whether delivery hands its mail here: relay mode with no relay host, as the settings say.</summary>
    public bool InUse { get; } = (configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new()).LacksRelay;

    public int Port { get; } = FreeLoopbackPort();

    public string Folder => folder;

    /// <summary>The captured messages, newest first.</summary>
    public IReadOnlyList<InboxEntry> List()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<InboxEntry>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.eml").OrderDescending())
        {
            try
            {
                using var stream = File.OpenRead(path);
                var headers = HeaderList.Load(stream);
                entries.Add(new InboxEntry(Path.GetFileNameWithoutExtension(path), File.GetLastWriteTimeUtc(path),
                    headers[HeaderId.From] ?? "", headers[HeaderId.To] ?? "", headers[HeaderId.Subject] ?? "", MessageIdOf(headers)));
            }
            catch (Exception ex) when (ex is IOException or FormatException or ParseException)
            {
                // A file being written or damaged by hand: listed once it can be read.
            }
        }

        return entries;
    }

    /// <summary>One captured message, parsed, with the verdict of each of its DKIM signatures; null when there is none such.</summary>
    public async Task<InboxMessage?> OpenAsync(string id, CancellationToken ct)
    {
        if (id.Length == 0 || id.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            return null;
        }

        var path = Path.Combine(folder, id + ".eml");
        if (!File.Exists(path))
        {
            return null;
        }

        var raw = await File.ReadAllBytesAsync(path, ct);
        using var stream = new MemoryStream(raw);
        var message = await MimeMessage.LoadAsync(stream, ct);
        var verifier = new DkimVerifier(new DnsDkimPublicKeyLocator(dns));
        var signatures = new List<DkimResult>();
        foreach (var header in message.Headers.Where(h => h.Id == HeaderId.DkimSignature))
        {
            signatures.Add(await VerifyAsync(verifier, message, header, ct));
        }

        return new InboxMessage(id, message, System.Text.Encoding.UTF8.GetString(raw), signatures, MessageIdOf(message.Headers));
    }

    /// <summary>Deletes every captured message.</summary>
    public int Clear()
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [];
        foreach (var file in files)
        {
            File.Delete(file);
        }

        return files.Length;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        InUse
            ? DevSmtpSink.ServeAsync(Port, folder, clock,
                () => log.LogInformation("Development inbox: no relay is configured, so mail is kept in {Folder} and shown on the Development inbox page, /dev/inbox (SMTP on 127.0.0.1:{Port})", folder, Port),
                _ => { }, stoppingToken)
            : Task.CompletedTask;

    private static async Task<DkimResult> VerifyAsync(DkimVerifier verifier, MimeMessage message, Header header, CancellationToken ct)
    {
        var tags = header.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Split('=', 2)).Where(t => t.Length == 2).ToDictionary(t => t[0], t => t[1], StringComparer.Ordinal);
        var label = $"d={tags.GetValueOrDefault("d")} s={tags.GetValueOrDefault("s")} a={tags.GetValueOrDefault("a")}";
        try
        {
            return await verifier.VerifyAsync(message, header, ct)
                ? new DkimResult(label, true, "pass")
                : new DkimResult(label, false, "fail: the signature does not match the message");
        }
        catch (Exception ex) when (ex is FormatException or ParseException or NotSupportedException or InvalidOperationException)
        {
            return new DkimResult(label, false, "fail: " + ex.Message);
        }
    }

    private static Guid? MessageIdOf(HeaderList headers) =>
        Guid.TryParse(headers["X-SmartSender-Message-Id"], out var id) ? id : null;

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public sealed record InboxEntry(string Id, DateTime ReceivedAt, string From, string To, string Subject, Guid? MessageId);

public sealed record InboxMessage(string Id, MimeMessage Message, string Source, IReadOnlyList<DkimResult> Signatures, Guid? MessageId)
{
    public bool DkimPasses => Signatures.Count > 0 && Signatures.Any(s => s.Passed);
}

public sealed record DkimResult(string Signature, bool Passed, string Verdict);
