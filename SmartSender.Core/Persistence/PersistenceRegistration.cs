using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Persistence;

/// <summary>The database: its options, the context factory (SQLite or PostgreSQL, with the interceptors the features register), the scoped context, and the cross-instance signals.</summary>
public static class PersistenceRegistration
{
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var contentRoot = builder.Environment.ContentRootPath;
        // The factory serves dashboard reads (a circuit outlives any one operation) and every service that does
        // one short unit of work; the scoped context serves requests, jobs and Identity.
        services.AddSingleton(sp => ContextFactories.Create(
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, contentRoot, [.. sp.GetServices<IInterceptor>()]));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContext());
        services.AddScoped<DatabaseInitializer>();
        services.AddSingleton<ClusterSignals>();
        return builder;
    }
}
