using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartSender.Core.Delivery;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;

// Render a typical template (2 KB HTML, 10 variables) and build the MimeMessage; then the same with
// DKIM signing (RSA-2048); and the bare RSA-2048 signature for reference. One thread: figures are per core.
var renderer = new TemplateRenderer();
var content = TypicalTemplate.Content;
var variables = JsonDocument.Parse(TypicalTemplate.Variables).RootElement.Clone();
var parsed = renderer.Parse(content).Value!;
var domain = TypicalTemplate.Domain();
var signer = new MessageSigner(new PlainText());

Console.WriteLine($"template: {Encoding.UTF8.GetByteCount(content.Html!)} bytes of HTML, {parsed.Variables.Used.Count} variables");
Report("render + build MimeMessage", 20_000, () => Build(), warmup: 2_000);
Report("render + build + DKIM rsa-sha256 (2048)", 3_000, () => signer.Sign(Build(), domain), warmup: 300);
if (args.Contains("--parts"))
{
    var html = renderer.Render(parsed, variables).Value!.Html!;
    Report("  of which CSS inlining", 2_000, () => CssInliner.Inline(content.Html!), warmup: 200);
    Report("  of which text from HTML", 2_000, () => HtmlToText.Convert(html), warmup: 200);
}

using var rsa = RSA.Create(2048);
var digest = SHA256.HashData("benchmark"u8);
Report("bare RSA-2048 signature (platform)", 3_000, () => rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), warmup: 300);

MimeKit.MimeMessage Build()
{
    // The path a send request takes: the stored template's content, not a pre-parsed template.
    var rendered = renderer.Render(content, variables).Value!;
    var request = new ValidSendRequest("Shop <orders@bench.test>", "ann@example.test", rendered.Subject, rendered.Text, rendered.Html);
    var message = Message.Queue(Guid.Empty, request, MessageToken.New(), DateTime.UtcNow);
    return MimeMessageFactory.Create(message, DateTimeOffset.UtcNow);
}

static void Report(string name, int count, Action work, int warmup)
{
    for (var i = 0; i < warmup; i++)
    {
        work();
    }

    GC.Collect();
    var allocated = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        work();
    }

    watch.Stop();
    var perSecond = count / watch.Elapsed.TotalSeconds;
    var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / count;
    Console.WriteLine($"{name}: {perSecond:N0} per second on one core, {bytes:N0} bytes allocated each ({count:N0} runs)");
}

/// <summary>The benchmark's keys need no protection.</summary>
internal sealed class PlainText : ISecretProtector
{
    public string Protect(string plaintext) => plaintext;

    public string Unprotect(string protectedText) => protectedText;
}
