using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Core.Webhooks;

namespace SmartSender.Analytics.Benchmark;

/// <summary>The reputation and quota services over the benchmark database, wired as the app wires them, with no job server.</summary>
public static class Standing
{
    public static AccountQuota Quota(IDbContextFactory<SmartSenderDbContext> contexts) =>
        new(contexts, Options.Create(new QuotaOptions()), new SendRateLimiter(TimeProvider.System), Notices(contexts), TimeProvider.System);

    public static AccountReputation Reputation(IDbContextFactory<SmartSenderDbContext> contexts) =>
        new(contexts, Options.Create(new ReputationOptions()), Hold(), Notices(contexts), TimeProvider.System);

    public static ReputationAdmin Admin(IDbContextFactory<SmartSenderDbContext> contexts) =>
        new(contexts, Options.Create(new ReputationOptions()), Hold(), TimeProvider.System);

    /// <summary>What a judgement reads and decides, without storing it.</summary>
    public static async Task<ReputationAssessment> JudgeAsync(IDbContextFactory<SmartSenderDbContext> contexts, Guid account, DateTime now)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var options = new ReputationOptions();
        return ReputationCalculator.Assess(await DailyCountsReader.ReadAsync(db, account, DateOnly.FromDateTime(now), options.LongWindowDays, CancellationToken.None), options);
    }

    private static AccountNotices Notices(IDbContextFactory<SmartSenderDbContext> contexts) => new(new WebhookKick(contexts, new NoJobs()));

    // Reports only count held mail; nothing here releases any, so the pump is never asked to run.
    private static MarketingHold Hold() => new(new DeliveryKick(null!, new NoJobs()));

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "";

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
