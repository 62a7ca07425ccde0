using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Webhooks;

/// <summary>Webhook endpoints, dispatch and sending, and account notices.</summary>
public static class WebhooksRegistration
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.AllowLoopback |= builder.Environment.IsDevelopment());
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<WebhookEndpoints>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookKick>();
        services.AddSingleton<Messages.INewEventsListener>(sp => sp.GetRequiredService<WebhookKick>());
        services.AddTransient<WebhookJob>();
        services.AddSingleton<AccountNotices>();
        services.AddSingleton<Quota.IQuotaNotices>(sp => sp.GetRequiredService<AccountNotices>());
        return builder;
    }
}
