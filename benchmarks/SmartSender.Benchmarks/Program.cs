using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Signing;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;

// Render a typical template (2 KB HTML, 10 variables) and build the message MailKit sends (written once as its wire
// bytes); then the same with DKIM signing (RSA-2048); and the bare RSA-2048 signature for reference. One thread, so
// figures are per core. The machine is shared (a VM whose neighbours take CPU at times), so every case runs in rounds
// interleaved with the others, and the best round is taken as what one core can do; the median shows how much the
// neighbours took.
var renderer = new TemplateRenderer();
var content = TypicalTemplate.Content;
var variables = JsonDocument.Parse(TypicalTemplate.Variables).RootElement.Clone();
var domain = TypicalTemplate.Domain();
var signer = new MessageSigner(new PlainText(), TimeProvider.System);
using var rsa = RSA.Create(2048);
var digest = SHA256.HashData("benchmark"u8);
var rendered = renderer.Render(content, variables).Value!;
var session = new MailKitMessage();
var stored = Message.Queue(Guid.Empty, new ValidSendRequest("Shop <orders@bench.test>", "ann@example.test", rendered.Subject, rendered.Text, rendered.Html), MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow);

Console.WriteLine($"template: {Encoding.UTF8.GetByteCount(content.Html!)} bytes of HTML, {TypicalTemplate.LeafVariables} variables; message {Write().ToArray().Length} bytes on the wire");
var cases = new List<Case>
{
    new("render + build the message", 4_000, () =>
    {
        // As a session does: the buffer goes back to the pool once MailKit has written the message.
        using var wire = Write();
        session.Fill(wire);
    }),
    new("render + build + DKIM rsa-sha256 (2048)", 600, () =>
    {
        using var wire = Write();
        signer.Sign(wire, domain);
        session.Fill(wire);
    }),
    new("bare RSA-2048 signature (platform)", 600, () => rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)),
};
// Content review of a typical 20 KB marketing message: the typical template's HTML repeated to 20 KB, with its text part.
var reviewer = new SmartSender.Core.ContentReview.ContentReviewer(Microsoft.Extensions.Options.Options.Create(new SmartSender.Core.ContentReview.ContentReviewOptions()));
var bigHtml = string.Concat(Enumerable.Repeat(rendered.Html!, 20_480 / rendered.Html!.Length + 1));
var review = new SmartSender.Core.ContentReview.ContentInput(rendered.Subject, bigHtml, rendered.Text, MessageStream.Marketing)
{
    FromDisplayName = "Shop", FromDomain = "bench.test", UnsubscribeUrl = "https://bench.test/u/x",
};
Console.WriteLine($"content review input: {Encoding.UTF8.GetByteCount(bigHtml):N0} bytes of HTML, {rendered.Text!.Length:N0} of text");
cases.Add(new("content review (20 KB message)", 2_000, () => reviewer.Review(review)));
if (args.Contains("--parts"))
{
    cases.Add(new("  render only", 20_000, () => renderer.Render(content, variables)));
    cases.Add(new("  write the wire bytes only (no render)", 20_000, () => WireMessageFactory.Create(stored, DateTimeOffset.UtcNow).Dispose()));
    var written = WireMessageFactory.Create(stored, DateTimeOffset.UtcNow);
    cases.Add(new("  hand the bytes to MailKit only (a session's message refilled)", 20_000, () => session.Fill(written)));
    cases.Add(new("  MailKit's write of the handed message", 20_000, () => session.Fill(written).WriteTo(Stream.Null)));
    // What the signer adds to the RSA step: the body canonicalized and hashed, the signed fields, the field written.
    var framing = RelaxedDkimSigner.Rsa(new ConstantRsa(), "bench.test", "s1");
    cases.Add(new("  DKIM: write + everything but the RSA step (no render)", 20_000, () =>
    {
        using var wire = WireMessageFactory.Create(stored, DateTimeOffset.UtcNow);
        framing.Sign(wire, MessageSigner.SignedHeaderNames, DateTimeOffset.UtcNow);
    }));
    var bytes = written.Body.ToArray();
    cases.Add(new("  DKIM: relaxed body canonicalization + SHA-256", 20_000, () =>
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        RelaxedCanonicalization.HashBody(bytes, hash);
        hash.GetHashAndReset();
    }));
    cases.Add(new("  (once per version) CSS inlining", 500, () => CssInliner.Inline(content.Html!)));
    cases.Add(new("  (once per version) text from HTML", 1_000, () => HtmlToText.Convert(rendered.Html!)));
}

foreach (var c in cases)
{
    c.WarmUp();
}

for (var round = 0; round < 9; round++)
{
    foreach (var c in cases)
    {
        c.Run();
    }
}

foreach (var c in cases)
{
    Console.WriteLine($"{c.Name}: {c.MaxPerSecond:N0} per second on one core (best of {c.Rounds} rounds; median {c.MedianPerSecond:N0}), {c.BytesPerRun:N0} bytes allocated each");
}

Console.WriteLine($"signed messages per bare signature: {cases[1].MaxPerSecond / cases[2].MaxPerSecond:P0} (best rounds), {cases[1].MedianPerSecond / cases[2].MedianPerSecond:P0} (medians)");

// The same ratio measured in pairs: 40 short rounds of signed messages, each followed at once by a round of bare
// signatures, so a neighbour that slows the machine slows both sides of a pair alike.
var ratios = new List<double>();
for (var pair = 0; pair < 40; pair++)
{
    ratios.Add(cases[1].Rate(150) / cases[2].Rate(150));
}

ratios.Sort();
Console.WriteLine($"signed messages per bare signature, paired rounds: median {ratios[20]:P0} (quartiles {ratios[10]:P0} to {ratios[30]:P0}, {ratios.Count} pairs)");

// The yardstick: `openssl speed rsa2048` on the same machine, right after.
if (OpenSslSignsPerSecond() is { } openssl)
{
    Console.WriteLine($"openssl speed rsa2048: {openssl:N0} signatures per second; signed messages per openssl signature: {cases[1].MaxPerSecond / openssl:P0} (best round), {cases[1].MedianPerSecond / openssl:P0} (median)");
}

WireMessage Write()
{
    // The path a send request takes: the stored template's content, not a pre-parsed template.
    var output = renderer.Render(content, variables).Value!;
    var request = new ValidSendRequest("Shop <orders@bench.test>", "ann@example.test", output.Subject, output.Text, output.Html);
    var message = Message.Queue(Guid.Empty, request, MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow);
    return WireMessageFactory.Create(message, DateTimeOffset.UtcNow);
}

static double? OpenSslSignsPerSecond()
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", "speed -seconds 5 rsa2048") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        // "rsa 2048 bits 0.000945s 0.000030s   1058.3  33496.0": the first rate is signatures per second.
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("rsa 2048 bits", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5], System.Globalization.CultureInfo.InvariantCulture);
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return null;
    }
}

internal sealed class Case(string name, int count, Action work)
{
    private readonly List<double> _rates = [];
    private long _bytes;

    public string Name => name;

    public int Rounds => _rates.Count;

    public double MedianPerSecond => _rates.Order().ElementAt(_rates.Count / 2);

    public double MaxPerSecond => _rates.Max();

    public long BytesPerRun => _bytes / Math.Max(1, _rates.Count * count);

    /// <summary>A second or more, so the JIT has finished tiering up before any clock starts.</summary>
    public void WarmUp()
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count || watch.Elapsed < TimeSpan.FromSeconds(1.5); i++)
        {
            work();
        }
    }

    /// <summary>Runs <paramref name="times"/> times and returns the rate, without keeping it.</summary>
    public double Rate(int times)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
        {
            work();
        }

        return times / watch.Elapsed.TotalSeconds;
    }

    public void Run()
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            work();
        }

        watch.Stop();
        _bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
        _rates.Add(count / watch.Elapsed.TotalSeconds);
    }
}

/// <summary>An RSA whose signature is a constant: what signing costs apart from the RSA step itself.</summary>
internal sealed class ConstantRsa : RSA
{
    private static readonly byte[] Signature = new byte[256];

    public ConstantRsa() => KeySizeValue = 2048;

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding) => Signature;

    public override RSAParameters ExportParameters(bool includePrivateParameters) => throw new NotSupportedException();

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();
}

/// <summary>The benchmark's keys need no protection.</summary>
internal sealed class PlainText : ISecretProtector
{
    public string Protect(string plaintext) => plaintext;

    public string Unprotect(string protectedText) => protectedText;
}
