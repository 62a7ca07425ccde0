using System.Text.RegularExpressions;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>Real provider replies (KumoMTA's smart-sink set of Gmail, Yahoo/AOL and Outlook answers) through the default rules.</summary>
public partial class ReplyClassifierTests
{
    private const string Responses = "smtp-responses/responses.toml";

    /// <summary>
    /// Listed as bounces in the data, but about the sending IP or the rate, not the address: calling them hard would
    /// suppress a real recipient.
    /// </summary>
    private static readonly string[] BouncesThatAreNotAboutTheAddress = ["[BL21]", "[BL23]", "ReceivingRatePerm"];

    private readonly ReplyClassifier _classifier = ReplyClassifier.Default;

    public static TheoryData<string, int, string> Replies()
    {
        var data = new TheoryData<string, int, string>();
        // The data repeats some replies word for word; each is one case.
        foreach (var (kind, code, text) in Conformance.Has(Responses) ? Load().Distinct() : [("missing", 0, "")])
        {
            data.Add(kind, code, text);
        }

        return data;
    }

    [ConformanceTheory(Responses)]
    [MemberData(nameof(Replies))]
    public void ProviderReplies_DefersAreSoft_BouncesAreHard_UnlessAboutTheSendingIp(string kind, int code, string text)
    {
        var verdict = _classifier.Classify(code, text);

        if (kind == "defer" && code is >= 400 and < 500)
        {
            Assert.IsType<DeliveryOutcome.SoftFail>(verdict.Outcome);
        }
        else if (kind == "bounce" && BouncesThatAreNotAboutTheAddress.Any(text.Contains))
        {
            Assert.IsType<DeliveryOutcome.SoftFail>(verdict.Outcome);
        }
        else if (kind == "bounce")
        {
            Assert.IsType<DeliveryOutcome.HardFail>(verdict.Outcome);
        }
    }

    [Theory]
    [InlineData(421, "4.7.0 [TSS04] Messages from (100.100.100.100) temporarily deferred due to unexpected volume or user complaints", "yahoo-tss04")]
    [InlineData(421, "4.7.28 [1.2.3.4] Our system has detected an unusual rate of unsolicited mail originating from your IP address.", "gmail-rate-limit")]
    [InlineData(451, "4.7.650 The mail server [1.2.3.4] has been temporarily rate limited due to IP reputation. (S775)", "outlook-throttle")]
    [InlineData(421, "421-4.7.0 [100.100.100.100] Our system has detected an unusual amount of\r\n421-4.7.0 unsolicited mail originating from your IP address.", "gmail-rate-limit")]
    [InlineData(451, "4.7.1 Received too many messages from a new or untrusted IP: 100.100.100.100", "untrusted-ip")]
    [InlineData(421, "4.3.2 Service shutting down", "generic-421")]
    public void SlowDownReplies_ThrottleTheLane(int code, string text, string rule)
    {
        var verdict = _classifier.Classify(code, text);

        Assert.IsType<DeliveryOutcome.SoftFail>(verdict.Outcome);
        Assert.Equal(ReplyEffect.Throttle, verdict.Effect);
        Assert.Equal(rule, verdict.Rule);
        Assert.True(verdict.SlowsLane);
    }

    [Fact]
    public void YahooTs03_SuspendsTheLaneForHours()
    {
        var verdict = _classifier.Classify(421, "4.7.1 [TS03] All messages from 100.100.100.100 will be permanently deferred; Retrying will NOT succeed.");

        Assert.IsType<DeliveryOutcome.SoftFail>(verdict.Outcome);
        Assert.Equal(ReplyEffect.Suspend, verdict.Effect);
        Assert.Equal(TimeSpan.FromHours(4), verdict.SuspendFor);
    }

    [Fact]
    public void ASuspensionThatNamesItsLength_LastsThatLong()
    {
        var verdict = _classifier.Classify(554, "5.7.1 Your IP is on our blocklist; try again in 30 minutes");

        Assert.Equal(ReplyEffect.Suspend, verdict.Effect);
        Assert.Equal(TimeSpan.FromMinutes(30), verdict.SuspendFor);
    }

    [Theory]
    [InlineData(450, "4.1.1 <ann@example.com>: Recipient address rejected: User unknown in virtual mailbox table")]
    [InlineData(451, "4.1.1 No such user here")]
    public void A4xxUserUnknown_IsHard(int code, string text)
    {
        Assert.IsType<DeliveryOutcome.HardFail>(_classifier.Classify(code, text).Outcome);
    }

    [Theory]
    [InlineData(550, "5.7.1 Too much mail: rate limited, try again later")]
    [InlineData(554, "Service temporarily unavailable")]
    public void A5xxThatMeansLater_IsSoft(int code, string text)
    {
        Assert.IsType<DeliveryOutcome.SoftFail>(_classifier.Classify(code, text).Outcome);
    }

    [Theory]
    [InlineData(452, "4.2.2 The email account that you tried to reach is over quota.", null)]
    [InlineData(421, "421 Max message per connection reached closing transmission channel", "per-connection-limit")]
    [InlineData(450, "User is receiving mail too quickly", "recipient-rate")]
    public void RepliesAboutTheRecipientOrTheConnection_AreSoftWithoutSlowingTheLane(int code, string text, string? rule)
    {
        var verdict = _classifier.Classify(code, text);

        Assert.IsType<DeliveryOutcome.SoftFail>(verdict.Outcome);
        Assert.False(verdict.SlowsLane);
        if (rule is not null)
        {
            Assert.Equal(rule, verdict.Rule);
        }
    }

    [Theory]
    [InlineData(550, "5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address", true)]
    [InlineData(553, "5.1.2 The recipient address <example@example.com> is not a valid RFC-5321 address. - gsmtp", true)]
    [InlineData(554, "delivery error: dd This user doesn't have a yahoo.com account (example@example.com) [-9]", true)]
    [InlineData(550, "5.2.1 The email account that you tried to reach is disabled.", true)]
    [InlineData(550, "5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.", false)]
    [InlineData(554, "5.7.9 Message not accepted for policy reasons.", false)]
    [InlineData(552, "5.2.2 The email account that you tried to reach is over quota.", false)]
    [InlineData(550, "5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.", false)]
    public void OnlyRefusalsOfTheAddressItself_MarkItBad(int code, string text, bool bad)
    {
        var verdict = _classifier.Classify(code, text);

        Assert.IsType<DeliveryOutcome.HardFail>(verdict.Outcome);
        Assert.Equal(bad, verdict.AddressIsBad);
    }

    [Theory]
    [InlineData("4.7.0 Please try again in 15 minutes", 15 * 60)]
    [InlineData("Deferred: retry in 90 seconds", 90)]
    [InlineData("4.3.0 Try again later", null)]
    public void TryAgainIn_SetsTheRetry(string text, int? seconds)
    {
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), _classifier.Classify(451, text).RetryAfter);
    }

    [Fact]
    public void ConfiguredRules_ReplaceTheDefaults()
    {
        var classifier = new ReplyClassifier([new ReplyRule { Name = "ours", Pattern = "slow down please", Effect = ReplyEffect.Throttle }]);

        Assert.Equal("ours", classifier.Classify(450, "4.0.0 slow down please").Rule);
        Assert.Null(classifier.Classify(421, "4.7.0 [TSS04] deferred").Rule);
    }

    private static IEnumerable<(string Kind, int Code, string Text)> Load()
    {
        string? kind = null;
        int? code = null;
        foreach (var line in File.ReadLines(Conformance.PathOf(Responses)))
        {
            if (Section().Match(line) is { Success: true } section)
            {
                (kind, code) = (section.Groups[1].Value, null);
            }
            else if (kind is not null && line.StartsWith("code=", StringComparison.Ordinal))
            {
                code = int.Parse(line["code=".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (kind is not null && code is { } c && line.StartsWith("msg=\"", StringComparison.Ordinal))
            {
                yield return (kind, c, line["msg=\"".Length..].TrimEnd().TrimEnd('"'));
                kind = null;
            }
        }
    }

    [GeneratedRegex(@"^\[\[(defer|bounce)\.""[^""]+""\]\]")]
    private static partial Regex Section();
}
