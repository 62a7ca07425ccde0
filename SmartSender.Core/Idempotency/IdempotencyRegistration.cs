using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Idempotency;

/// <summary>Idempotency keys of the API.</summary>
public static class IdempotencyRegistration
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddScoped<IdempotencyStore>();
        return services;
    }
}
