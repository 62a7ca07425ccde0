using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartSender.Core;
using SmartSender.Core.Persistence;
using SmartSender.Core.Reputation;

namespace SmartSender.Analytics.Benchmark;

/// <summary>
/// The reputation and quota services over the benchmark database, wired by the app's own registration (so they never
/// drift from it), with no job server.
/// </summary>
public static class Standing
{
    public static IServiceProvider Services(string path)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["Database:ConnectionString"] = $"Data Source={path}";
        builder.AddSmartSenderCore();

        // Reports only count held mail; nothing here releases any, so no job is ever run.
        builder.Services.AddSingleton<IBackgroundJobClient, NoJobs>();
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>What a judgement reads and decides, without storing it.</summary>
    public static async Task<ReputationAssessment> JudgeAsync(IDbContextFactory<SmartSenderDbContext> contexts, Guid account, DateTime now)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var options = new ReputationOptions();
        return ReputationCalculator.Assess(await DailyCountsReader.ReadAsync(db, account, DateOnly.FromDateTime(now), options.LongWindowDays, CancellationToken.None), options);
    }

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => "";

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
