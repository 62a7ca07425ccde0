using SmartSender.Core.Delivery.Direct.MtaSts;

namespace SmartSender.Tests.Delivery;

/// <summary>The policy file and TXT record of RFC 8461, read as the RFC writes them, and what is not one.</summary>
public sealed class MtaStsPolicyTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheRfcsExamplePolicy_Parses_WithItsMxPatternsAndMaxAge()
    {
        // RFC 8461 §3.2's example, CRLF-separated as the RFC requires.
        var parsed = MtaStsPolicyText.Parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n", "20160831085700Z", Now);

        var policy = Assert.IsType<MtaStsPolicy>(parsed.Policy);
        Assert.Equal(MtaStsMode.Enforce, policy.Mode);
        Assert.Equal(["mail.example.com", "*.example.net", "backupmx.example.com"], policy.MxPatterns);
        Assert.Equal(Now.AddDays(7), policy.ExpiresAt);
        Assert.True(policy.Lists("mail.example.com."));
        Assert.True(policy.Lists("MX1.example.net"));
        Assert.False(policy.Lists("example.net"));
        Assert.False(policy.Lists("a.b.example.net"));
        Assert.False(policy.Lists("mail.example.org"));
    }

    [Theory]
    [InlineData("mode: enforce\nmx: a.example\nmax_age: 60", "it has no version")]
    [InlineData("version: STSv2\nmode: enforce\nmx: a.example\nmax_age: 60", "its version \"STSv2\" is not STSv1")]
    [InlineData("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 60", "its mode \"strict\" is none of enforce, testing, none")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example", "it has no max_age")]
    [InlineData("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -5", "its max_age \"-5\" is not a number of seconds")]
    [InlineData("version: STSv1\nmode: enforce\nmax_age: 60", "it lists no mx")]
    [InlineData("version: STSv1\nmode: enforce\nmx: *\nmax_age: 60", "an mx line is not a host name or *.domain")]
    [InlineData("<html>not found</html>", "the line \"<html>not found</html>\" is not \"key: value\"")]
    public void AFileThatIsNoPolicy_IsRefused_SayingWhy(string text, string error)
    {
        var parsed = MtaStsPolicyText.Parse(text, "1", Now);

        Assert.Null(parsed.Policy);
        Assert.Equal(error, parsed.Error);
    }

    [Fact]
    public void ModeNone_NeedsNoMx_UnknownKeysAreIgnored_AndMaxAgeIsCappedAtAYear()
    {
        var none = MtaStsPolicyText.Parse("version: STSv1\nmode: none\nmax_age: 86400\n", "1", Now);
        Assert.Equal(MtaStsMode.None, none.Policy!.Mode);

        var capped = MtaStsPolicyText.Parse("version: STSv1\nmode: testing\nmx: mx.example\nmax_age: 9999999999\nextension: value\n", "1", Now);
        Assert.Equal(MtaStsPolicy.LongestMaxAge, capped.Policy!.MaxAge);
    }

    [Theory]
    [InlineData("v=STSv1; id=20160831085700Z;", "20160831085700Z")]
    [InlineData("v=STSv1;id=abc123", "abc123")]
    [InlineData("v=STSv1; id=abc; ext=1", "abc")]
    [InlineData("v=STSv2; id=abc", null)]
    [InlineData("v=STSv1; id=has-dash", null)]
    [InlineData("v=STSv1; id=123456789012345678901234567890123", null)]
    [InlineData("v=STSv1;", null)]
    public void TheTxtRecord_GivesThePolicyId(string record, string? id) =>
        Assert.Equal(id, MtaStsRecord.IdOf(["v=spf1 -all", record]));

    [Fact]
    public void TwoStsRecords_MeanNoPolicy() =>
        Assert.Null(MtaStsRecord.IdOf(["v=STSv1; id=a", "v=STSv1; id=b"]));
}
