using System.Text.Json;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Webhooks;

/// <summary>The Standard Webhooks project's own test vectors.</summary>
public class WebhookSignatureTests
{
    private const string Vectors = "webhooks/vectors.json";

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Conformance.Has(Vectors) ? Cases().Where(c => c.TryGetProperty("secret", out _)).Select(c => c.GetProperty("name").GetString()!) : ["(vectors missing)"])
        {
            data.Add(name);
        }

        return data;
    }

    [ConformanceTheory(Vectors)]
    [MemberData(nameof(CaseNames))]
    public void Verify_GivesTheVectorsVerdict(string name)
    {
        var c = Cases().Single(x => x.GetProperty("name").GetString() == name);
        var timestamp = c.GetProperty("timestamp").GetInt64();
        var now = DateTimeOffset.FromUnixTimeSeconds(timestamp).AddSeconds(30);

        var valid = WebhookSignature.Verify(
            c.GetProperty("secret").GetString()!, c.GetProperty("msg_id").GetString(), timestamp.ToString(), c.GetProperty("signature_header").GetString(), c.GetProperty("payload").GetString()!, now);

        Assert.Equal(!c.GetProperty("expect").GetString()!.StartsWith("reject", StringComparison.Ordinal), valid);
    }

    [ConformanceFact(Vectors)]
    public void Sign_MakesTheVectorsSignature_AndAnOldTimestampIsRefused()
    {
        var c = Cases().Single(x => x.GetProperty("name").GetString() == "valid");
        var (secret, id, timestamp, body) = (c.GetProperty("secret").GetString()!, c.GetProperty("msg_id").GetString()!, c.GetProperty("timestamp").GetInt64(), c.GetProperty("payload").GetString()!);

        var signature = WebhookSignature.Sign(secret, id, timestamp, body);

        Assert.Equal(c.GetProperty("signature_header").GetString(), signature);
        Assert.False(WebhookSignature.Verify(secret, id, timestamp.ToString(), signature, body, DateTimeOffset.FromUnixTimeSeconds(timestamp).AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(secret, id, timestamp.ToString(), signature, body, DateTimeOffset.FromUnixTimeSeconds(timestamp).AddMinutes(-6)));
    }

    [Fact]
    public void NewSecret_IsAWhsecSecretOf24Bytes_ThatSignsAndVerifies()
    {
        var secret = WebhookSignature.NewSecret();
        var now = DateTimeOffset.UtcNow;

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(24, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.True(WebhookSignature.Verify(secret, "msg_1", now.ToUnixTimeSeconds().ToString(), WebhookSignature.Sign(secret, "msg_1", now.ToUnixTimeSeconds(), "{}"), "{}", now));
        Assert.False(WebhookSignature.Verify(secret, "msg_1", now.ToUnixTimeSeconds().ToString(), WebhookSignature.Sign(secret, "msg_1", now.ToUnixTimeSeconds(), "{}"), "{ }", now));
    }

    private static IEnumerable<JsonElement> Cases() =>
        JsonDocument.Parse(File.ReadAllText(Conformance.PathOf(Vectors))).RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
}
