using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Quota;

/// <summary>Quotas and the per-second limit.</summary>
public static class QuotaRegistration
{
    public static IServiceCollection AddQuota(this IServiceCollection services)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SendRateLimiter>();
        services.AddSingleton<AccountQuota>();
        services.AddSingleton<QuotaReads>();
        return services;
    }
}
