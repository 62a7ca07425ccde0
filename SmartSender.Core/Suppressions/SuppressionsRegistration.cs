using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Suppressions;

/// <summary>The suppression list.</summary>
public static class SuppressionsRegistration
{
    public static IServiceCollection AddSuppressions(this IServiceCollection services)
    {
        services.AddSingleton<SuppressionList>();
        return services;
    }
}
