using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Reputation;

/// <summary>Reputation, its job and the marketing hold.</summary>
public static class ReputationRegistration
{
    public static IServiceCollection AddReputation(this IServiceCollection services)
    {
        services.AddOptions<ReputationOptions>().BindConfiguration(ReputationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MarketingHold>();
        services.AddSingleton<AccountReputation>();
        services.AddSingleton<ReputationAdmin>();
        services.AddSingleton<ReputationKick>();
        services.AddSingleton<Messages.INewEventsListener>(sp => sp.GetRequiredService<ReputationKick>());
        services.AddTransient<ReputationJob>();
        return services;
    }
}
