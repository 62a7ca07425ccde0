using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.ApiKeys;

/// <summary>API keys and their cache.</summary>
public static class ApiKeysRegistration
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ApiKeyCache>();
        return services;
    }
}
