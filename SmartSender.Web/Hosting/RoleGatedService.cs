using Microsoft.Extensions.Options;
using SmartSender.Core.Instances;

namespace SmartSender.Web.Hosting;

/// <summary>A background service that runs only on instances with its role (<c>Instance:Roles</c>).</summary>
public sealed class RoleGatedService(InstanceRole role, IHostedService inner, IOptions<InstanceOptions> instance) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => instance.Value.Has(role) ? inner.StartAsync(ct) : Task.CompletedTask;

    public Task StopAsync(CancellationToken ct) => instance.Value.Has(role) ? inner.StopAsync(ct) : Task.CompletedTask;

    public static void Add<T>(IServiceCollection services, InstanceRole role)
        where T : class, IHostedService =>
        // Not AddHostedService: it keeps one registration per implementation type, and every gate is this type.
        services.AddSingleton<IHostedService>(sp => new RoleGatedService(role, sp.GetRequiredService<T>(), sp.GetRequiredService<IOptions<InstanceOptions>>()));
}
