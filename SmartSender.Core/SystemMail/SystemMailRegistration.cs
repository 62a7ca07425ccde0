using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.SystemMail;

/// <summary>Mail SmartSender sends on its own behalf.</summary>
public static class SystemMailRegistration
{
    public static IServiceCollection AddSystemMail(this IServiceCollection services)
    {
        services.AddScoped<SystemMailer>();
        return services;
    }
}
