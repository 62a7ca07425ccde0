using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Audit;

/// <summary>The audit log.</summary>
public static class AuditRegistration
{
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        return services;
    }
}
