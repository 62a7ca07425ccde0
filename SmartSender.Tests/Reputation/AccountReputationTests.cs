using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Reputation;

public class AccountReputationTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly ReputationTestContext _c = new(dns);

    public Task InitializeAsync() => _c.InitializeAsync();

    public Task DisposeAsync() => _c.DisposeAsync();

    [Fact]
    public async Task NewAccount_ThreeBounces_StaysNormal_ThenDropsOnceItHasSentEnoughToJudge()
    {
        await _c.SeedAsync(ReputationTestContext.Start.AddHours(-2), sent: 3, bounced: 3);
        var few = await _c.Judge.RecomputeAsync(_c.AccountId);

        await _c.SeedAsync(ReputationTestContext.Start.AddHours(-1), sent: 17);
        var enough = await _c.Judge.RecomputeAsync(_c.AccountId);

        Assert.Equal(ReputationLevel.Normal, few!.Level);
        Assert.StartsWith("Not enough mail to judge yet: 3 of the 20", few.Reason);
        Assert.Equal(ReputationLevel.Bad, enough!.Level);
        Assert.Equal("Bounce rate 15% over the last 7 days (3 of 20) reached the Bad threshold of 10%.", enough.Reason);
    }

    [Fact]
    public async Task LevelChange_WhileAnotherWriterHoldsTheWriteTurn_WaitsForTheTurnBeforeLockingTheDatabase()
    {
        // A change of level is stored in a transaction. Begun before the turn, it held SQLite's write lock while it
        // waited for the turn, and the turn's holder could not write until SQLite gave up: sends failed with
        // "database is locked" after 30 s under load.
        await _c.SeedAsync(ReputationTestContext.Start.AddHours(-1), sent: 20, bounced: 5);
        await using var holder = _c.Database.CreateContext();
        Task<ReputationAssessment?> judging;
        using (await SqliteWriteGate.EnterAsync(holder, CancellationToken.None))
        {
            judging = _c.Judge.RecomputeAsync(_c.AccountId);

            await using var connection = new SqliteConnection(_c.Database.ConnectionString + ";Default Timeout=2");
            await connection.OpenAsync();
            await using var transaction = connection.BeginTransaction();
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE \"Accounts\" SET \"Name\" = \"Name\"";
            await write.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            Assert.False(judging.IsCompleted);
        }

        Assert.Equal(ReputationLevel.Bad, (await judging)!.Level);
    }

    [Fact]
    public async Task AdminsTable_GivesEachAccountItsOwnThirtyDayVolumeAndRates()
    {
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-3), sent: 40, bounced: 2, complained: 1);
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-40), sent: 500, bounced: 400);
        var quiet = (await _c.Database.AddAccountsAsync("Quiet"))[0];

        var rows = await _c.Admin.ListAsync();

        var shop = rows.Single(r => r.AccountId == _c.AccountId);
        Assert.Equal(40, shop.Submitted30Days);
        Assert.Equal(0.05, shop.BounceRate, 6);
        Assert.Equal(0.025, shop.ComplaintRate, 6);
        var other = rows.Single(r => r.AccountId == quiet);
        Assert.Equal((0L, 0.0, 0.0), (other.Submitted30Days, other.BounceRate, other.ComplaintRate));
    }

    [Fact]
    public async Task BounceRate_AcrossTheLowThenTheBadThreshold_KeepsEachChangeWithItsReason()
    {
        var yesterday = ReputationTestContext.Start.AddDays(-1);
        await _c.SeedAsync(yesterday, sent: 100, bounced: 4);
        Assert.Equal(ReputationLevel.Normal, (await _c.Judge.RecomputeAsync(_c.AccountId))!.Level);

        await _c.SeedAsync(yesterday, sent: 2, bounced: 2);
        Assert.Equal(ReputationLevel.Low, (await _c.Judge.RecomputeAsync(_c.AccountId))!.Level);

        _c.Clock.Now = ReputationTestContext.Start.AddHours(1);
        await _c.SeedAsync(_c.Clock.Now, sent: 6, bounced: 6);
        Assert.Equal(ReputationLevel.Bad, (await _c.Judge.RecomputeAsync(_c.AccountId))!.Level);

        var report = (await _c.Judge.ReportAsync(_c.AccountId))!;
        Assert.Equal(ReputationLevel.Bad, report.Level);
        Assert.Equal(ReputationTestContext.Start.AddHours(1).UtcDateTime, report.ChangedAt);
        Assert.Equal(
            [
                ("Low", "Bad", "Bounce rate 11.1% over the last 7 days (12 of 108) reached the Bad threshold of 10%."),
                ("Normal", "Low", "Bounce rate 5.9% over the last 7 days (6 of 102) reached the Low threshold of 5%."),
            ],
            report.History.Select(h => (h.From, h.To, h.Reason)));
        Assert.All(report.History, h => Assert.Equal(ReputationChange.System, h.By));
    }

    [Fact]
    public async Task Bad_HoldsQueuedMarketingMail_RefusesNewMail_AndTheAdminsReleaseDeliversIt()
    {
        var news = (await _c.SubmitAsync(new SendRequestBuilder().Marketing().Subject("Winter sale").To("kim@example.test"))).Value!;
        var receipt = (await _c.SubmitAsync(new SendRequestBuilder().Subject("Your receipt").To("lee@example.test"))).Value!;
        await _c.SeedAsync(ReputationTestContext.Start.AddHours(-3), sent: 100, complained: 1);

        Assert.Equal(ReputationLevel.Bad, (await _c.Judge.RecomputeAsync(_c.AccountId))!.Level);
        var refused = await _c.SubmitAsync(new SendRequestBuilder().Subject("Another receipt"));
        await _c.Services.DrainAsync();

        Assert.Equal(MessageStatus.Held, await _c.StatusOfAsync(news.Id));
        Assert.Equal(QuotaExceededError.Paused, Assert.IsType<QuotaExceededError>(Assert.Single(refused.Errors)).Reason);
        Assert.Equal("Your receipt", (await _c.Smtp.NextAsync()).Subject);
        Assert.Equal(MessageStatus.Delivered, await _c.StatusOfAsync(receipt.Id));
        Assert.Equal(MessageStatus.Held, await _c.StatusOfAsync(news.Id));

        var withoutReason = await _c.Admin.ReleaseAsync(_c.AccountId, " ", "support@operator.test");
        var released = await _c.Admin.ReleaseAsync(_c.AccountId, "Complaint came from a test address", "support@operator.test");
        await _c.Services.DrainAsync();

        Assert.Equal("reason_required", Assert.Single(withoutReason.Errors).Code);
        Assert.Equal(1, released.Value);
        Assert.Equal("Winter sale", (await _c.Smtp.NextAsync()).Subject);
        Assert.Equal(MessageStatus.Delivered, await _c.StatusOfAsync(news.Id));
        var release = (await _c.Judge.ReportAsync(_c.AccountId))!.History.First();
        Assert.Equal((ReputationChangeKind.Release, "Complaint came from a test address", "support@operator.test"), (release.Kind, release.Reason, release.By));
    }

    [Fact]
    public async Task BadAccount_OnceTheWindowsMovePast_ReturnsToNormal_AndItsHeldMailGoesBackToTheQueue()
    {
        var news = (await _c.SubmitAsync(new SendRequestBuilder().Marketing().Subject("Winter sale"))).Value!;
        await _c.SeedAsync(ReputationTestContext.Start.AddHours(-3), sent: 40, bounced: 10);
        await _c.Judge.RecomputeAsync(_c.AccountId);
        Assert.Equal(MessageStatus.Held, await _c.StatusOfAsync(news.Id));

        _c.Clock.Now = ReputationTestContext.Start.AddDays(31);
        var later = await _c.Judge.RecomputeAsync(_c.AccountId);

        Assert.Equal(ReputationLevel.Normal, later!.Level);
        Assert.Equal(MessageStatus.Queued, await _c.StatusOfAsync(news.Id));
        var history = (await _c.Judge.ReportAsync(_c.AccountId))!.History;
        Assert.Equal([ReputationChangeKind.Release, ReputationChangeKind.Level, ReputationChangeKind.Level], history.Select(h => h.Kind));
        Assert.Equal(("Bad", "Normal"), (history[1].From, history[1].To));
    }

    [Fact]
    public async Task Good_NeedsTheVolume_ThenHoldsWithCleanMail()
    {
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-3), sent: 39);
        var before = await _c.Judge.RecomputeAsync(_c.AccountId);
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-2), sent: 1);
        var after = await _c.Judge.RecomputeAsync(_c.AccountId);

        Assert.Equal(ReputationLevel.Normal, before!.Level);
        Assert.Equal(ReputationLevel.Good, after!.Level);
        Assert.Equal(10_000, (await _c.AccountQuota.GetAsync(_c.AccountId))!.DailyLimit);
    }

    [Fact]
    public async Task ContentRefusedTwice_IsNamedToTheSender_StoresNothing_AndCountsAsFailedReviews()
    {
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-1), sent: 40);
        var spam = new SendRequestBuilder().Subject("VERIFY YOUR ACCOUNT NOW").Text(null)
            .Html("""<a href="https://bit.ly/3xYz"><img src="https://cdn.example.top/banner.jpg"></a> <a href="http://login.example.top/">www.paypal.com</a>""");

        var first = await _c.SubmitAsync(spam);
        await _c.SubmitAsync(spam);
        var level = await _c.Judge.RecomputeAsync(_c.AccountId);

        var error = Assert.IsType<Core.ContentReview.ContentRejectedError>(Assert.Single(first.Errors));
        Assert.Equal("content", error.Code);
        Assert.Equal(["missing_text_part", "image_only", "link_domain_mismatch", "url_shortener", "bad_tld", "subject_all_caps", "spam_phrases"], error.Verdict.Hits.Select(h => h.Rule));
        Assert.Contains("url_shortener: Link through the shortener bit.ly", error.Message);
        await using var db = _c.Database.CreateContext();
        Assert.Equal(40, await db.Messages.CountAsync());
        Assert.Equal(2, await db.ContentRejections.CountAsync(r => r.AccountId == _c.AccountId && r.Rules.Contains("url_shortener")));
        Assert.Equal(ReputationLevel.Low, level!.Level);
        Assert.StartsWith("Failed content review rate 4.8% over the last 7 days (2 of 42)", level.Reason);
    }

    [Fact]
    public async Task PassingMessage_IsStoredWithItsScoreAndTheRulesThatFired()
    {
        var sent = await _c.SubmitAsync(new SendRequestBuilder().Text(null).Html("<p>Thank you for your order 1042 of two wool socks.</p>"));

        await using var db = _c.Database.CreateContext();
        var stored = await db.Messages.SingleAsync(m => m.Id == sent.Value!.Id);
        Assert.Equal(1.0, stored.ContentScore);
        Assert.Contains("\"rule\":\"missing_text_part\"", stored.ContentHitsJson);
    }
}
