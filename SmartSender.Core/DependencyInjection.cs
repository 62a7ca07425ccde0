using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Audit;
using SmartSender.Core.Blocklists;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Closure;
using SmartSender.Core.Contacts;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Delivery;
using SmartSender.Core.Dmarc;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains;
using SmartSender.Core.Events;
using SmartSender.Core.Feedback;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Instances;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Core.Retention;
using SmartSender.Core.Simulator;
using SmartSender.Core.Suppressions;
using SmartSender.Core.SystemMail;
using SmartSender.Core.Templates;
using SmartSender.Core.Tracking;
using SmartSender.Core.Users;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core;

/// <summary>Core's services, each feature registering its own (<c>&lt;Feature&gt;/&lt;Feature&gt;Registration.cs</c>).</summary>
public static class DependencyInjection
{
    public static IHostApplicationBuilder AddSmartSenderCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        builder.AddPersistence();
        services.AddDelivery();
        services.AddDns();
        services.AddAccounts();
        services.AddUsers();
        services.AddClosure();
        services.AddSystemMail();
        services.AddApiKeys();
        services.AddMessages();
        services.AddRetention();
        services.AddSuppressions();
        services.AddEvents();
        services.AddAnalytics();
        services.AddBlocklists();
        services.AddDmarc();
        services.AddContacts();
        services.AddCampaigns();
        services.AddInstances();
        services.AddDomains();
        services.AddTemplates();
        builder.AddTracking();
        services.AddIdempotency();
        services.AddFeedback();
        services.AddSimulator();
        builder.AddWebhooks();
        services.AddContentReview();
        services.AddQuota();
        services.AddReputation();
        services.AddAudit();
        return builder;
    }
}
