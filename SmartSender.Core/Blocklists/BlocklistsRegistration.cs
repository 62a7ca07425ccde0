using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pools;

namespace SmartSender.Core.Blocklists;

/// <summary>The blocklist check, the listed IPs the pools leave out, and the listings' gauge.</summary>
public static class BlocklistsRegistration
{
    public static IServiceCollection AddBlocklists(this IServiceCollection services)
    {
        services.AddOptions<BlocklistOptions>().BindConfiguration(BlocklistOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BlocklistChecker>();
        services.AddSingleton<ListedSendingIps>();
        services.AddSingleton<IListedIps>(sp => sp.GetRequiredService<ListedSendingIps>());
        services.AddSingleton<BlocklistGauges>();
        return services;
    }
}
