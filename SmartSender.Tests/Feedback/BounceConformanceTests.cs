using MimeKit;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Tests.Fixtures;
using Xunit.Abstractions;

namespace SmartSender.Tests.Feedback;

/// <summary>
/// 437 real returned messages (Postfix, Exim, Sendmail, qmail, Exchange, Gmail, Outlook, Yahoo, SES, …, plus
/// complaints and auto-replies) with the class each recipient should get.
/// </summary>
public class BounceConformanceTests(ITestOutputHelper output)
{
    private const string Expected = "bounces/expected-dev.csv";

    [ConformanceFact(Expected)]
    public void Classify_AgreesWithTheExpectedClass_On95PercentOfRows_AndCallsAtMost2PercentOfSoftBouncesHard()
    {
        var rows = File.ReadAllLines(Conformance.PathOf(Expected)).Skip(1).Select(l => l.Split(',')).ToList();
        var classifier = new BounceClassifier();
        var verdicts = rows.Select(r => r[0]).Distinct().ToDictionary(f => f, f => classifier.Classify(MimeMessage.Load(Conformance.PathOf($"bounces/dev/{f}"))));

        var agree = 0;
        var softRows = 0;
        var softCalledHard = 0;
        var misses = new List<string>();
        foreach (var row in rows)
        {
            var report = verdicts[row[0]];
            var index = int.Parse(row[3]) - 1;
            var got = index < report.Recipients.Count ? report.Recipients[index] : null;
            var gotClass = Name(got?.Class ?? BounceClass.NotABounce);
            var expected = row[8];
            softRows += expected == "soft" ? 1 : 0;
            softCalledHard += expected == "soft" && gotClass == "hard" ? 1 : 0;
            if (gotClass == expected)
            {
                agree++;
            }
            else
            {
                misses.Add($"{row[0]}#{row[3]} expected {expected} ({row[6]}, {row[4]}), got {gotClass} ({got?.Reason}, {got?.Status}) [{report.Kind}, {report.Recipients.Count}] {got?.Diagnostic[..Math.Min(160, got.Diagnostic.Length)]}");
            }
        }

        // Agreement by engine, in two halves of the engines (alternate names in sorted order), to show how the rules,
        // written from the standards rather than from engines, carry from one set of servers to another.
        var engines = rows.Select(r => r[2]).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var half in new[] { 0, 1 })
        {
            var inHalf = rows.Where(r => engines.IndexOf(r[2]) % 2 == half).ToList();
            var agreed = inHalf.Count(r => Name(Got(verdicts[r[0]], r)?.Class ?? BounceClass.NotABounce) == r[8]);
            output.WriteLine($"engines half {half}: {engines.Where((_, i) => i % 2 == half).Count()} engines, agreement {agreed}/{inHalf.Count} = {(double)agreed / inHalf.Count:P1}");
        }

        var agreement = (double)agree / rows.Count;
        var wrongHard = (double)softCalledHard / softRows;
        output.WriteLine($"agreement {agree}/{rows.Count} = {agreement:P1}; soft rows called hard {softCalledHard}/{softRows} = {wrongHard:P1}");
        misses.ForEach(output.WriteLine);
        Assert.True(agreement >= 0.95, $"agreement {agreement:P1}:\n{string.Join('\n', misses)}");
        Assert.True(wrongHard <= 0.02, $"soft called hard {wrongHard:P1}:\n{string.Join('\n', misses)}");
    }

    [ConformanceTheory("bounces/dev")]
    [InlineData("rfc3834-01.eml", ReportKind.AutoReply)]
    [InlineData("rfc3834-02.eml", ReportKind.AutoReply)]
    [InlineData("arf-01.eml", ReportKind.Feedback)]
    [InlineData("arf-22.eml", ReportKind.Feedback)]
    [InlineData("rfc3464-28.eml", ReportKind.Notice)]
    [InlineData("lhost-postfix-01.eml", ReportKind.Bounce)]
    public void Classify_TellsBouncesFromAutoRepliesComplaintsAndNotices(string file, ReportKind kind)
    {
        var report = new BounceClassifier().Classify(MimeMessage.Load(Conformance.PathOf($"bounces/dev/{file}")));

        Assert.Equal(kind, report.Kind);
        Assert.Equal(kind == ReportKind.Bounce, report.Recipients.Any(r => r.Class != BounceClass.NotABounce));
    }

    [ConformanceFact("bounces/dev")]
    public void Classify_AStandardDsn_NamesTheRecipientStatusReplyAndReturnedMessage()
    {
        var report = new BounceClassifier().Classify(MimeMessage.Load(Conformance.PathOf("bounces/dev/lhost-sendmail-01.eml")));

        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("userunknown@bouncehammer.jp", recipient.Address);
        Assert.Equal((BounceClass.Hard, BounceReason.UserUnknown, "5.1.1", 550), (recipient.Class, recipient.Reason, recipient.Status, recipient.ReplyCode));
        Assert.Contains("User Unknown", recipient.Diagnostic);
        Assert.NotNull(report.OriginalMessageId);
    }

    private static BouncedRecipient? Got(BounceReport report, string[] row) =>
        int.Parse(row[3]) - 1 is var index && index < report.Recipients.Count ? report.Recipients[index] : null;

    private static string Name(BounceClass c) => c switch
    {
        BounceClass.Hard => "hard",
        BounceClass.Soft => "soft",
        _ => "n/a",
    };
}
