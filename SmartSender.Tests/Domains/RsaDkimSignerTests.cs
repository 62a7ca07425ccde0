using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Tests.Fixtures;
using SmartSender.Core.Delivery.Signing;

namespace SmartSender.Tests.Domains;

/// <summary>
/// SmartSender's own rsa-sha256 relaxed/relaxed signer, checked against two independent verifiers: MimeKit's and
/// dkimpy's (Debian's python3-dkim), with the public key served by a real DNS server on 127.0.0.1 for MimeKit.
/// </summary>
public class RsaDkimSignerTests(TestDnsServer dns) : IClassFixture<TestDnsServer>
{
    private static readonly string[] Headers = ["From", "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Reply-To"];
    private static readonly RSA Key = RSA.Create(2048);

    [Fact]
    public void Canonicalization_GivesRfc6376sOwnExample()
    {
        // RFC 6376 §3.4.6.
        var header = Hash(h =>
        {
            HashHeader("A"u8, " X\r\n"u8, h);
            HashHeader("B "u8, " Y\t\r\n\tZ  \r\n"u8, h);
        });
        var body = Hash(h => RelaxedCanonicalization.HashBody(" C \r\nD \t E\r\n\r\n\r\n"u8, h));

        Assert.Equal(Hash(h => h.AppendData("a:X\r\nb:Y Z\r\n"u8)), header);
        Assert.Equal(Hash(h => h.AppendData(" C\r\nD E\r\n"u8)), body);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("no line break at the end", "no line break at the end\r\n")]
    [InlineData("a\r\n \t \r\n\r\n", "a\r\n")]
    [InlineData("a\r\n\r\n\r\nb\r\n\r\n", "a\r\n\r\n\r\nb\r\n")]
    [InlineData("tabs\t\tand  spaces  \r\n", "tabs and spaces\r\n")]
    [InlineData("bare\nline feeds\n", "bare\r\nline feeds\r\n")]
    public void Canonicalization_OfBodies(string body, string expected) =>
        Assert.Equal(Hash(h => h.AppendData(Encoding.ASCII.GetBytes(expected))), Hash(h => RelaxedCanonicalization.HashBody(Encoding.ASCII.GetBytes(body), h)));

    [Fact]
    public async Task Signature_VerifiesWithMimeKit_AndBreaksWhenTheSubjectChanges()
    {
        dns.Clear();
        dns.Add("s1._domainkey.shop.test", TestDnsRecord.Txt([.. Core.Domains.PublishedRecord.SplitTxt(Record())]));
        var received = Reload(Signed());
        var verifier = new DkimVerifier(new DnsDkimPublicKeyLocator(dns.CreateResolver()));
        var signature = received.Headers.Single(h => h.Id == HeaderId.DkimSignature);

        Assert.True(await verifier.VerifyAsync(received, signature), signature.Value);
        received.Subject += "!";
        Assert.False(await verifier.VerifyAsync(received, signature));
    }

    [Fact]
    public void Signature_HashesTheBodyAsMimeKitsOwnSignerDoes()
    {
        var message = Message();
        var mimeKit = new DkimSigner(Org.BouncyCastle.Security.DotNetUtilities.GetRsaKeyPair(Key).Private, "shop.test", "s1")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        mimeKit.Sign(message, [HeaderId.From]);
        var theirs = Tag(message.Headers[HeaderId.DkimSignature]!, "bh");
        message.Headers.RemoveAll(HeaderId.DkimSignature);

        RelaxedDkimSigner.Rsa(Key, "shop.test", "s1").Sign(message, Headers, DateTimeOffset.UtcNow);

        Assert.Equal(theirs, Tag(message.Headers[HeaderId.DkimSignature]!, "bh"));
    }

    [Fact]
    public async Task Signature_VerifiesWithDkimpy_AndBreaksWhenTheBodyChanges()
    {
        var wire = Signed();
        var tampered = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(wire).Replace("Total: 12 EUR", "Total: 13 EUR", StringComparison.Ordinal));

        Assert.Equal("pass", await DkimpyAsync(wire));
        Assert.Equal("fail", await DkimpyAsync(tampered));
    }

    /// <summary>A message with what trips canonicalization up: folded and encoded headers, trailing whitespace, blank lines at the end, an attachment.</summary>
    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "Votre commande n° 1042 est confirmée — merci d'avoir choisi notre boutique pour vos achats de fin d'année" };
        message.From.Add(new MailboxAddress("Shop", "orders@shop.test"));
        message.To.Add(new MailboxAddress("Zoë", "zoe@example.test"));
        message.ReplyTo.Add(new MailboxAddress("", "help@shop.test"));
        var body = new BodyBuilder
        {
            TextBody = "Hello Zoë,  \r\n\tyour order:\t\t2 items \r\n\r\nTotal: 12 EUR\r\n\r\n\r\n",
            HtmlBody = "<p>Hello   <b>Zoë</b></p>\r\n<p>Total: 12 EUR</p>   \r\n" + new string('x', 200) + "\r\n",
        };
        body.Attachments.Add("invoice.pdf", RandomNumberGenerator.GetBytes(3000), new ContentType("application", "pdf"));
        message.Body = body.ToMessageBody();
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    private static byte[] Signed()
    {
        var message = Message();
        RelaxedDkimSigner.Rsa(Key, "shop.test", "s1").Sign(message, Headers, DateTimeOffset.UtcNow);
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }

    private static MimeMessage Reload(byte[] wire) => MimeMessage.Load(new MemoryStream(wire));

    private static string Record() => $"v=DKIM1; k=rsa; p={Convert.ToBase64String(Key.ExportSubjectPublicKeyInfo())}";

    private static string Tag(string value, string name) =>
        value.Split(';').Select(t => t.Trim()).Single(t => t.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..].Replace(" ", "", StringComparison.Ordinal);

    private static void HashHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> rawValue, IncrementalHash hash)
    {
        var output = new byte[name.Length + rawValue.Length + 3];
        hash.AppendData(output, 0, RelaxedCanonicalization.Header(name, rawValue, output));
    }

    private static byte[] Hash(Action<IncrementalHash> write)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        write(hash);
        return hash.GetHashAndReset();
    }

    /// <summary>dkimpy's verdict on the message, its key looked up through a DNS function that answers with our record.</summary>
    private static async Task<string> DkimpyAsync(byte[] wire)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, wire);
        try
        {
            var script = "import dkim, sys\n" +
                         $"record = {Quote(Record())}.encode()\n" +
                         "ok = dkim.verify(open(sys.argv[1], 'rb').read(), dnsfunc=lambda name, timeout=5: record)\n" +
                         "print('pass' if ok else 'fail')\n";
            var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, error);
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
