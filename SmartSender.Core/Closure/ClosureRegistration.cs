using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Closure;

/// <summary>An account's closure: the request, support's decision, the export, and the purge.</summary>
public static class ClosureRegistration
{
    public static IServiceCollection AddClosure(this IServiceCollection services)
    {
        services.AddSingleton<AccountClosure>();
        services.AddScoped<AccountExport>();
        services.AddSingleton<ExportStore>();
        services.AddScoped<ClosureDecisions>();
        services.AddScoped<AccountPurge>();
        services.AddScoped<AccountPurgeJob>();
        services.AddScoped<ClosureByEmail>();
        return services;
    }
}
