using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Domains.Spf;
using SmartSender.Core.Feedback;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddSmartSenderCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DnsOptions>().BindConfiguration(DnsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var contentRoot = builder.Environment.ContentRootPath;
        // The factory serves dashboard reads (a circuit outlives any one operation) and every service that does
        // one short unit of work; the scoped context serves requests, jobs and Identity.
        services.AddSingleton(sp => ContextFactories.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, contentRoot, sp.GetRequiredService<NewEventsInterceptor>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContext());
        services.AddSingleton(sp => new NewEventsInterceptor(
            new Lazy<WebhookKick>(sp.GetRequiredService<WebhookKick>), new Lazy<Reputation.ReputationKick>(sp.GetRequiredService<Reputation.ReputationKick>)));

        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SmartSenderDbContext>();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<Administrators>();
        services.AddScoped<AccountDirectory>();
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<SystemMail.SystemMailer>();
        services.AddScoped<Accounts.Users.Invitations>();
        services.AddScoped<Accounts.Users.AccountUsers>();
        services.AddScoped<AccountRegistry>();
        services.AddScoped<Accounts.Closure.AccountExport>();
        services.AddSingleton<Accounts.Closure.ExportStore>();
        services.AddScoped<Accounts.Closure.ClosureDecisions>();
        services.AddScoped<Accounts.Closure.AccountPurge>();
        services.AddScoped<Accounts.Closure.AccountPurgeJob>();
        services.AddScoped<Accounts.Closure.ClosureByEmail>();
        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<MessageSubmission>();
        services.AddScoped<BatchSubmission>();
        services.AddScoped<MessageSchedule>();
        services.AddScoped<MessageCancellation>();
        services.AddOptions<Messages.Retention.RetentionOptions>().BindConfiguration(Messages.Retention.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Messages.Retention.ContentRetention>();
        services.AddScoped<Messages.Retention.RecipientErasure>();
        services.AddSingleton<QueueWriter>();
        services.AddSingleton<SuppressionList>();
        services.AddScoped<MessageLog>();
        services.AddSingleton<Events.EventLog>();
        services.AddSingleton<Analytics.Stats.AccountStats>();
        services.AddSingleton<SmtpRelaySender>();
        services.AddOptions<DirectOptions>().BindConfiguration(DirectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProviderDirectory>();
        services.AddOptions<LaneOptions>().BindConfiguration(LaneOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LaneRegistry>();
        services.AddSingleton<DeliveryGauges>();
        services.AddOptions<PoolOptions>().BindConfiguration(PoolOptions.Section);
        services.AddSingleton<IpPools>();
        services.AddSingleton(sp => new ReplyClassifier(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.AddSingleton<MxRouter>();
        services.AddSingleton<DirectMxSender>();
        services.AddSingleton<TrustedRoots>();
        services.AddOptions<Blocklists.BlocklistOptions>().BindConfiguration(Blocklists.BlocklistOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<Blocklists.BlocklistChecker>();
        services.AddOptions<Dmarc.DmarcOptions>().BindConfiguration(Dmarc.DmarcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Dmarc.DmarcReports>();
        services.AddSingleton<Dmarc.DmarcOverview>();
        services.AddSingleton<Contacts.ContactBook>();
        services.AddSingleton<Contacts.TopicBook>();
        services.AddSingleton<Contacts.Segments.SegmentBook>();
        services.AddSingleton<Contacts.Import.ContactImport>();
        services.AddScoped<Campaigns.Campaigns>();
        services.AddScoped<Campaigns.CampaignSender>();
        services.AddSingleton<Campaigns.CampaignStats>();
        services.AddSingleton<Delivery.Direct.MtaSts.MtaStsPolicies>();
        services.AddOptions<Delivery.Direct.MtaSts.MtaStsOptions>().BindConfiguration(Delivery.Direct.MtaSts.MtaStsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IMessageSender>(sp => sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Mode == DeliveryMode.Direct
            ? sp.GetRequiredService<DirectMxSender>()
            : sp.GetRequiredService<SmtpRelaySender>());
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliveryPump>();
        services.AddSingleton<DispatchLookups>();
        services.AddSingleton<DeliveryKick>();
        services.AddSingleton<ClusterSignals>();
        services.AddSingleton<Instances.InstanceHeartbeat>();
        services.AddSingleton<Instances.InstanceDirectory>();
        services.AddSingleton<Instances.InstancePeers>();
        services.AddOptions<Instances.InstanceOptions>().BindConfiguration(Instances.InstanceOptions.Section);
        services.AddSingleton<OutgoingMessageBuilder>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<MessageSigner>();
        services.AddSingleton<IDnsResolver, DnsClientResolver>();
        services.AddSingleton<SpfEvaluator>();
        services.AddOptions<DomainsOptions>().BindConfiguration(DomainsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DkimKeyFactory>();
        services.AddSingleton<DomainVerifier>();
        services.AddScoped<SendingDomains>();
        services.AddScoped<SendingDomainGate>();
        services.AddSingleton<SendingDomainCache>();
        services.AddScoped<DomainRecheckJob>();
        services.AddSingleton<TemplateRenderer>();
        services.AddScoped<TemplateLibrary>();
        services.AddSingleton<TemplateCache>();
        services.AddScoped<MessageComposer>();
        services.AddScoped<TemplatePreviewer>();
        services.AddScoped<AccountSettings>();
        services.AddSingleton<AccountCache>();
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.DomainHosts ??= !builder.Environment.IsDevelopment());
        services.AddSingleton<MessageLinks>();
        services.AddSingleton<TrackingLookup>();
        services.AddSingleton<TrackingHosts>();
        services.AddSingleton<TrackingEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<TrackingEvents>());
        services.AddScoped<IdempotencyStore>();
        services.AddOptions<InboundOptions>().BindConfiguration(InboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundRecipients>();
        services.AddSingleton<BounceClassifier>();
        services.AddSingleton<FeedbackProcessor>();
        services.AddSingleton<Simulator.SimulatedDelivery>();
        services.AddScoped<Simulator.SimulatorFollowUp>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.AllowLoopback |= builder.Environment.IsDevelopment());
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookKick>();
        services.AddTransient<WebhookJob>();
        services.AddSingleton<AccountNotices>();

        services.AddOptions<ContentReview.ContentReviewOptions>().BindConfiguration(ContentReview.ContentReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ContentReview.ContentReviewer>();
        services.AddSingleton<ContentReview.SpamdClient>();
        services.AddSingleton<ContentReview.ContentReviews>();
        services.AddScoped<SendingPolicy>();
        services.AddOptions<Quota.QuotaOptions>().BindConfiguration(Quota.QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Quota.SendRateLimiter>();
        services.AddSingleton<Quota.AccountQuota>();
        services.AddSingleton<Quota.QuotaReads>();
        services.AddOptions<Reputation.ReputationOptions>().BindConfiguration(Reputation.ReputationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Reputation.MarketingHold>();
        services.AddSingleton<Reputation.AccountReputation>();
        services.AddSingleton<Reputation.ReputationAdmin>();
        services.AddSingleton<Reputation.ReputationKick>();
        services.AddTransient<Reputation.ReputationJob>();
        services.AddSingleton<Audit.AuditLog>();
        services.AddSingleton<AccountClosure>();
        return builder;
    }
}
