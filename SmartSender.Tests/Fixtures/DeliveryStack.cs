using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Signing;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Domains;

namespace SmartSender.Tests.Fixtures;

/// <summary>Submission and the delivery pump as the app wires them, on a test database; the test adds its sender and settings.</summary>
public static class DeliveryStack
{
    public static IServiceCollection AddDeliveryStack(this IServiceCollection s, DomainTestContext domains, string trackingBaseUrl = "https://links.smartsender.test")
    {
        s.AddOptions<DeliveryOptions>();
        s.AddOptions<LaneOptions>();
        s.AddOptions<Core.Delivery.Direct.DirectOptions>();
        s.AddOptions<PoolOptions>();
        s.TryAddSingleton<IBackgroundJobClient, NoJobs>();
        s.TryAddSingleton(TimeProvider.System);
        s.TryAddSingleton(ReplyClassifier.Default);
        s.AddSingleton<IpPools>();
        s.TryAddSingleton<Core.Delivery.Direct.TrustedRoots>();
        s.AddOptions<Core.Delivery.Direct.MtaSts.MtaStsOptions>();
        s.TryAddSingleton<Core.Delivery.Direct.MtaSts.MtaStsPolicies>();
        s.AddSingleton<LaneRegistry>();
        s.AddSingleton<SuppressionList>();
        s.AddSingleton<DeliveryQueue>();
        s.AddSingleton(DeliveryServices.From);
        s.AddSingleton(DeliveryPump.ListeningTo);
        s.AddSingleton<LaneHints>();
        s.AddSingleton<IExpectedLanes>(sp => sp.GetRequiredService<LaneHints>());
        s.AddSingleton<DispatchLookups>();
        s.AddSingleton<DeliveryKick>();
        s.AddOptions<Core.Persistence.DatabaseOptions>();
        s.TryAddSingleton<Core.Persistence.ClusterSignals>();
        s.AddSingleton<OutgoingMessageBuilder>();
        s.TryAddSingleton(Options.Create(domains.Options));
        s.AddSingleton<RetryPolicy>();
        s.AddSingleton(sp => new MessageSigner(domains.Protector, sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton(new MessageLinks(Options.Create(new TrackingOptions { BaseUrl = trackingBaseUrl, DomainHosts = false })));
        s.AddSingleton<IMessageLinks>(sp => sp.GetRequiredService<MessageLinks>());
        s.AddSingleton(domains.CreateService());
        s.AddScoped<MessageSubmission>();
        s.AddSingleton<QueueWriter>();
        s.AddScoped<SendingDomainGate>();
        s.AddSingleton<SendingDomainCache>();
        s.AddSingleton<TemplateRenderer>();
        s.AddScoped<TemplateLibrary>();
        s.AddSingleton<TemplateCache>();
        s.AddScoped<MessageComposer>();
        s.AddScoped<AccountSettings>();
        s.AddSingleton<AccountCache>();
        s.AddOptions<Core.ContentReview.ContentReviewOptions>();
        s.AddSingleton<Core.ContentReview.ContentReviewer>();
        s.AddSingleton<Core.ContentReview.SpamdClient>();
        s.AddSingleton<Core.ContentReview.ContentReviews>();

        // Delivery tests send bursts; the quota has tests of its own.
        s.TryAddSingleton(Options.Create(new Core.Quota.QuotaOptions { Normal = new() { DailyLimit = 1_000_000, PerSecond = 0 } }));
        s.AddSingleton<Core.Quota.SendRateLimiter>();
        s.AddSingleton<Core.Quota.AccountQuota>();
        s.AddSingleton<Core.Quota.QuotaReads>();
        s.AddSingleton<Core.Webhooks.WebhookKick>();
        s.AddSingleton<Core.Webhooks.AccountNotices>();
        s.AddSingleton<Core.Quota.IQuotaNotices>(sp => sp.GetRequiredService<Core.Webhooks.AccountNotices>());
        s.AddScoped<SendingPolicy>();
        return s;
    }

    /// <summary>Submits through the real submission and fails the test if it is refused.</summary>
    public static async Task<Message> SubmitAsync(this IServiceProvider services, Guid accountId, SendRequest request)
    {
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(accountId, request);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        return result.Value!;
    }

    /// <summary>Delivers everything due now and returns once every outcome is saved.</summary>
    public static async Task DrainAsync(this IServiceProvider services) =>
        Assert.True(await services.GetRequiredService<DeliveryPump>().DrainAsync());

    /// <summary>Hangfire's client where no Hangfire runs: the pump is driven by the test.</summary>
    internal sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => Guid.NewGuid().ToString();

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
