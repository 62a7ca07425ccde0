using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Analytics;

/// <summary>Account statistics.</summary>
public static class AnalyticsRegistration
{
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddSingleton<Stats.AccountStats>();
        return services;
    }
}
