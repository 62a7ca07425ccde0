using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Reputation;

public abstract class AccountQuotaTests(TestDnsServer dns, DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ReputationTestContext _c = new(dns, provider);

    public Task InitializeAsync() => _c.InitializeAsync();

    public Task DisposeAsync() => _c.DisposeAsync();

    [SkippableFact]
    public async Task LowAccount_OverItsDailyLimit_IsRefusedUntilItsOldestHourLeavesTheWindow_AndNothingIsQueued()
    {
        await _c.SeedAsync(ReputationTestContext.Start.AddDays(-2), sent: 100, bounced: 6);
        Assert.Equal(ReputationLevel.Low, (await _c.Judge.RecomputeAsync(_c.AccountId))!.Level);

        // 09:30: three messages; 11:10: two more, which fills the Low quota of five.
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _c.SubmitAsync(new SendRequestBuilder().To($"a{i}@example.test"))).Succeeded);
        }

        _c.Clock.Now = ReputationTestContext.Start.AddMinutes(100);
        for (var i = 0; i < 2; i++)
        {
            Assert.True((await _c.SubmitAsync(new SendRequestBuilder().To($"b{i}@example.test"))).Succeeded);
        }

        var refused = await _c.SubmitAsync(new SendRequestBuilder().To("c@example.test"));

        var error = Assert.IsType<QuotaExceededError>(Assert.Single(refused.Errors));
        Assert.Equal(QuotaExceededError.Daily, error.Reason);
        Assert.Equal(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(130), error.RetryAfter);
        Assert.Contains("quota of 5 messages", error.Message);
        await using (var db = _c.Database.CreateContext())
        {
            Assert.Equal(105, await db.Messages.CountAsync());
        }

        // The next day at 09:00 the hour of the first three has left the window: room for three.
        _c.Clock.Now = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _c.SubmitAsync(new SendRequestBuilder().To($"d{i}@example.test"))).Succeeded);
        }

        var again = Assert.IsType<QuotaExceededError>(Assert.Single((await _c.SubmitAsync(new SendRequestBuilder().To("e@example.test"))).Errors));
        Assert.Equal(TimeSpan.FromHours(2), again.RetryAfter);
    }

    [SkippableFact]
    public async Task PerSecondRate_RefusesTheBurstOverIt_AndAllowsTheNextOnceItsTokenIsBack()
    {
        _c.Quota.Normal.PerSecond = 2;

        var first = await _c.SubmitAsync(new SendRequestBuilder().To("a@example.test"));
        var second = await _c.SubmitAsync(new SendRequestBuilder().To("b@example.test"));
        var third = await _c.SubmitAsync(new SendRequestBuilder().To("c@example.test"));
        _c.Clock.Now = _c.Clock.Now.AddMilliseconds(500);
        var later = await _c.SubmitAsync(new SendRequestBuilder().To("d@example.test"));

        Assert.True(first.Succeeded && second.Succeeded && later.Succeeded);
        var error = Assert.IsType<QuotaExceededError>(Assert.Single(third.Errors));
        Assert.Equal((QuotaExceededError.Rate, TimeSpan.FromMilliseconds(500)), (error.Reason, error.RetryAfter));
    }

    [SkippableFact]
    public async Task NearingTheDailyLimit_WarnsEveryEndpointOnce()
    {
        _c.Quota.Normal.DailyLimit = 10;
        await using (var db = _c.Database.CreateContext())
        {
            db.WebhookEndpoints.Add(new WebhookEndpoint(_c.AccountId, "https://hooks.shop.test/smartsender", [MessageEventType.Delivered], "secret", _c.Clock.Now.UtcDateTime));
            await db.SaveChangesAsync();
        }

        var warnings = new List<int>();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await _c.SubmitAsync(new SendRequestBuilder().To($"r{i}@example.test"))).Succeeded);
            await using var db = _c.Database.CreateContext();
            warnings.Add(await db.WebhookDeliveries.CountAsync(d => d.EventType == AccountNotices.QuotaWarning));
        }

        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 1], warnings);
        await using var read = _c.Database.CreateContext();
        var payload = (await read.WebhookDeliveries.SingleAsync(d => d.EventType == AccountNotices.QuotaWarning)).Payload;
        Assert.Contains("\"type\":\"account.quota_warning\"", payload);
        Assert.Contains("\"used\":9,\"dailyLimit\":10", payload);
    }

    [SkippableFact]
    public async Task QuotaSetByHand_NeedsAReason_ReplacesTheLevels_AndIsKeptInTheHistory()
    {
        var unexplained = await _c.Admin.SetQuotaAsync(_c.AccountId, 2, 1, "", "support@operator.test");
        var set = await _c.Admin.SetQuotaAsync(_c.AccountId, 2, 1, "Launch week: new list, watch it", "support@operator.test");
        var results = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            results.Add((await _c.SubmitAsync(new SendRequestBuilder().To($"r{i}@example.test"))).Succeeded);
            _c.Clock.Now = _c.Clock.Now.AddSeconds(1);
        }

        await _c.Admin.ClearQuotaAsync(_c.AccountId, "Launch went well", "support@operator.test");

        Assert.Equal("reason_required", Assert.Single(unexplained.Errors).Code);
        Assert.True(set.Succeeded);
        Assert.Equal([true, true, false], results);
        Assert.Equal(1_000, (await _c.AccountQuota.GetAsync(_c.AccountId))!.DailyLimit);
        var history = (await _c.Judge.ReportAsync(_c.AccountId))!.History;
        Assert.Equal(
            [("2/day, 1/s", "follows the level", "Launch went well"), ("follows the level", "2/day, 1/s", "Launch week: new list, watch it")],
            history.Select(h => (h.From, h.To, h.Reason)));
        Assert.All(history, h => Assert.Equal((ReputationChangeKind.Quota, "support@operator.test"), (h.Kind, h.By)));
    }
}

public sealed class AccountQuotaOnSqliteTests(TestDnsServer dns) : AccountQuotaTests(dns, DatabaseProvider.Sqlite), IClassFixture<TestDnsServer>;

public sealed class AccountQuotaOnPostgresTests(TestDnsServer dns) : AccountQuotaTests(dns, DatabaseProvider.Postgres), IClassFixture<TestDnsServer>;
