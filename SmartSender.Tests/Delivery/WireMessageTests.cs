using System.Security.Cryptography;
using System.Text;
using MimeKit;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Messages;
using SmartSender.Core.Delivery.Signing;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The message as SmartSender writes it for the wire, read back by MimeKit's parser: every field and part comes back as
/// it was stored, every line is 7-bit and short, and what MailKit sends is byte for byte what was written (and signed).
/// </summary>
public class WireMessageTests
{
    private const string Text = "Bonjour Zoë,  \r\nvotre commande n° 1042: 2 × 12 € = 24 €\t\r\n\r\n" +
        "A line that is far longer than seventy-eight characters, so it cannot go as it is and must be quoted-printable.\r\n" +
        "=3D is not an escape here, and neither is a lone = at the end =\r\n. a line that starts with a dot\r\n";

    private static readonly string Html = "<html><body><p style=\"color: #333\">Hello <b>Zoë</b></p>\n<p>" + new string('x', 300) + "</p>   \n</body></html>";

    [Fact]
    public void Written_ReadsBackAsStored_HeadersAndParts()
    {
        var attachment = RandomNumberGenerator.GetBytes(5000);
        var stored = Stored(Text, Html) with
        {
            ReplyTo = "Support <help@shop.test>",
            Headers = new Dictionary<string, string> { ["X-Campaign"] = "Noël 2026: les cadeaux de fin d'année pour toute la famille et les amis" },
            Attachments = [new ValidAttachment("facture n° 1042.pdf", "application/pdf", attachment)],
        };

        var parsed = Parse(Write(stored));

        Assert.Equal("Votre commande n° 1042 est confirmée — merci d'avoir choisi notre boutique pour vos achats de fin d'année", parsed.Subject);
        Assert.Equal("Boutique Zoë & Cie", parsed.From.Mailboxes.Single().Name);
        Assert.Equal("orders@shop.test", parsed.From.Mailboxes.Single().Address);
        Assert.Equal("ann@example.test", parsed.To.Mailboxes.Single().Address);
        Assert.Equal("help@shop.test", parsed.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("Noël 2026: les cadeaux de fin d'année pour toute la famille et les amis", parsed.Headers["X-Campaign"]);
        Assert.Equal(Lf(Text), parsed.TextBody);
        Assert.Equal(Html, parsed.HtmlBody);
        var part = Assert.IsType<MimePart>(Assert.Single(parsed.Attachments));
        Assert.Equal("facture n° 1042.pdf", part.FileName);
        Assert.Equal("application/pdf", part.ContentType.MimeType);
        using var content = new MemoryStream();
        part.Content!.DecodeTo(content);
        Assert.Equal(attachment, content.ToArray());
    }

    [Fact]
    public void Written_IsSevenBit_WithCrLfLineEnds_AndLinesOfAtMost78()
    {
        var bytes = Write(Stored(Text, Html) with { Attachments = [new ValidAttachment("a.bin", "application/octet-stream", RandomNumberGenerator.GetBytes(3000))] });

        Assert.DoesNotContain(bytes, b => b >= 0x80 || b == 0);
        var lines = Encoding.ASCII.GetString(bytes).Split("\r\n");
        Assert.All(lines, line => Assert.DoesNotContain('\n', line));
        Assert.All(lines, line => Assert.DoesNotContain('\r', line));
        Assert.All(lines, line => Assert.True(line.Length <= 78, $"{line.Length}: {line}"));
    }

    [Theory]
    [InlineData("Short plain lines.\r\nAnother one.\r\n", "7bit")]
    [InlineData("One line of plain ASCII that is too long to go as it is on the wire, because it is longer than 78.", "quoted-printable")]
    [InlineData("Le prix a baissé de 12 € depuis hier.", "quoted-printable")]
    [InlineData("Ваш заказ подтверждён и будет отправлен завтра утром.", "base64")]
    public void TextParts_TakeTheTransferEncodingThatFits(string text, string expected)
    {
        var parsed = Parse(Write(Stored(text, null)));

        var part = Assert.IsType<MimeKit.TextPart>(parsed.Body);
        Assert.Equal(expected, part.Headers[HeaderId.ContentTransferEncoding]);
        Assert.Equal(expected == "base64" ? text : SinglePart(text), part.Text);
    }

    [Theory]
    [InlineData(75)]
    [InlineData(76)]
    [InlineData(77)]
    [InlineData(151)]
    public void QuotedPrintable_KeepsLinesAroundTheSoftBreak_AndTrailingWhitespace(int length)
    {
        var text = new string('a', length - 4) + "é=\t " + "\r\n" + new string('b', length) + " \r\nend";

        Assert.Equal(SinglePart(text), Parse(Write(Stored(text, null))).TextBody);
    }

    [Fact]
    public void RandomTexts_ReadBackAsWritten_AndGiveRelaxedCanonicalizationNothingToChange()
    {
        // Seeded, so a failure can be replayed: spaces, tabs, "=", dots, non-ASCII, bare CR and LF, long lines.
        var random = new Random(20261129);
        string[] pieces = ["word", " ", "  ", "\t", "=", ".", "é", "€", "日本", "\r\n", "\n", "\r", new string('x', 90), "=\r\n", " \r\n"];
        for (var i = 0; i < 300; i++)
        {
            // MimeKit's reader drops a carriage return that ends a text, so none ends in one.
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 60)).Select(_ => pieces[random.Next(pieces.Length)])) + "end";
            var html = "<p>" + text + "</p>";

            var bytes = Write(Stored(text, html));

            var parsed = Parse(bytes);
            Assert.Equal(Lf(text), parsed.TextBody);
            Assert.Equal(Lf(html), parsed.HtmlBody);
            var body = Encoding.ASCII.GetString(bytes)[(Encoding.ASCII.GetString(bytes).IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
            Assert.DoesNotContain("\t", body, StringComparison.Ordinal);
            Assert.DoesNotContain("  ", body, StringComparison.Ordinal);
            Assert.DoesNotContain(" \r\n", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InternationalizedSenderDomain_GoesOutInItsAsciiForm()
    {
        var bytes = Write(new ValidSendRequest("Zoë <zoe@bücher.test>", "ann@example.test", "Hallo", "Hi", null));

        var parsed = Parse(bytes);
        Assert.DoesNotContain(bytes, b => b >= 0x80);
        Assert.EndsWith("@xn--bcher-kva.test", parsed.MessageId, StringComparison.Ordinal);
        Assert.Equal("Zoë", parsed.From.Mailboxes.Single().Name);
    }

    [Theory]
    [InlineData(0, "Sun, 29 Nov 2026 09:05:02 +0000")]
    [InlineData(330, "Sun, 29 Nov 2026 09:05:02 +0530")]
    [InlineData(-480, "Sun, 29 Nov 2026 09:05:02 -0800")]
    public void Date_IsWrittenAsRfc5322Says_AndReadsBack(int offsetMinutes, string expected)
    {
        var date = new DateTimeOffset(2026, 11, 29, 9, 5, 2, TimeSpan.FromMinutes(offsetMinutes));

        var parsed = Parse(WireMessageFactory.Create(Core.Messages.Message.Queue(Guid.NewGuid(), Stored("Hi", null), MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow), date).ToArray());

        Assert.Equal(expected, parsed.Headers[HeaderId.Date]);
        Assert.Equal(date, parsed.Date);
    }

    [Fact]
    public void ForMailKit_WritesTheSameBytes_SignatureFieldsOnTop()
    {
        var wire = WireMessageFactory.Create(Core.Messages.Message.Queue(Guid.NewGuid(), Stored(Text, Html), MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow), DateTimeOffset.UtcNow);
        wire.AddOnTop("DKIM-Signature: v=1; a=first\r\n"u8.ToArray());
        wire.AddOnTop("DKIM-Signature: v=1; a=second;\r\n\tb=folded\r\n"u8.ToArray());
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var written = new MemoryStream();

        new MailKitMessage().Fill(wire).WriteTo(options, written);

        Assert.Equal(Encoding.ASCII.GetString(wire.ToArray()), Encoding.ASCII.GetString(written.ToArray()));
        Assert.StartsWith("DKIM-Signature: v=1; a=second;\r\n\tb=folded\r\nDKIM-Signature: v=1; a=first\r\nFrom: ", Encoding.ASCII.GetString(written.ToArray()), StringComparison.Ordinal);
    }

    private static ValidSendRequest Stored(string? text, string? html) => new(
        "\"Boutique Zoë & Cie\" <orders@shop.test>", "ann@example.test",
        "Votre commande n° 1042 est confirmée — merci d'avoir choisi notre boutique pour vos achats de fin d'année", text, html);

    private static byte[] Write(ValidSendRequest request) =>
        WireMessageFactory.Create(Core.Messages.Message.Queue(Guid.NewGuid(), request, MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow), DateTimeOffset.UtcNow).ToArray();

    /// <summary>MimeKit hands text back with LF line ends.</summary>
    private static string Lf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A text body that is the whole message ends with a line break, as MimeKit's own writer ends it (base64 ends its lines itself).</summary>
    private static string SinglePart(string text) => Lf(text).EndsWith('\n') ? Lf(text) : Lf(text) + "\n";

    private static MimeMessage Parse(byte[] bytes) => MimeMessage.Load(new MemoryStream(bytes));
}
