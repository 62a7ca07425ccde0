using System.Text;
using System.Text.Json;
using MimeKit;
using MimeKit.Cryptography;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Domains;

/// <summary>Known-good DKIM signatures (RFC 8463, dkimpy) verified with keys served by a real DNS server on 127.0.0.1.</summary>
public class DkimConformanceTests(TestDnsServer dns) : IClassFixture<TestDnsServer>
{
    private const string Vectors = "dkim/vectors.json";

    public static TheoryData<string> VectorIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Conformance.Has(Vectors) ? Load().Select(v => v.GetProperty("id").GetString()!) : ["(vectors missing)"])
        {
            data.Add(id);
        }

        return data;
    }

    [ConformanceTheory(Vectors)]
    [MemberData(nameof(VectorIds))]
    public async Task Verifier_AcceptsTheKnownGoodSignature(string id)
    {
        var (message, signature) = Arrange(id);

        Assert.True(await Verifier().VerifyAsync(message, signature));
    }

    [ConformanceTheory(Vectors)]
    [MemberData(nameof(VectorIds))]
    public async Task Verifier_RefusesTheSignatureOnceTheBodyChanged(string id)
    {
        var (message, signature) = Arrange(id);
        var body = (TextPart)message.BodyParts.OfType<TextPart>().First();
        body.Text += "!";

        Assert.False(await Verifier().VerifyAsync(message, signature));
    }

    private (MimeMessage Message, Header Signature) Arrange(string id)
    {
        var vector = Load().Single(v => v.GetProperty("id").GetString() == id);
        dns.Clear();
        foreach (var record in vector.GetProperty("dns").EnumerateObject())
        {
            dns.Add(record.Name, TestDnsRecord.Txt([.. Core.Domains.PublishedRecord.SplitTxt(record.Value.GetString()!)]));
        }

        // The files are stored with LF endings; DKIM hashes CRLF lines.
        var text = File.ReadAllText(Conformance.PathOf("dkim/" + vector.GetProperty("file").GetString())).ReplaceLineEndings("\r\n");
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var signature = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).ElementAt(vector.GetProperty("signature_index").GetInt32());
        return (message, signature);
    }

    private DkimVerifier Verifier() => new(new DnsDkimPublicKeyLocator(dns.CreateResolver())) { MinimumRsaKeyLength = 1024 };

    private static List<JsonElement> Load() =>
        [.. JsonDocument.Parse(File.ReadAllText(Conformance.PathOf(Vectors))).RootElement.GetProperty("verify").EnumerateArray().Select(e => e.Clone())];
}
