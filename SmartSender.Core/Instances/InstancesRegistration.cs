using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Instances;

/// <summary>This instance's heartbeat and the other instances.</summary>
public static class InstancesRegistration
{
    public static IServiceCollection AddInstances(this IServiceCollection services)
    {
        services.AddSingleton<InstanceHeartbeat>();
        services.AddSingleton<InstanceDirectory>();
        services.AddSingleton<InstancePeers>();
        services.AddOptions<InstanceOptions>().BindConfiguration(InstanceOptions.Section);
        return services;
    }
}
