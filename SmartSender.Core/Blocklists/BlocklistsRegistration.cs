using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Blocklists;

/// <summary>The blocklist check.</summary>
public static class BlocklistsRegistration
{
    public static IServiceCollection AddBlocklists(this IServiceCollection services)
    {
        services.AddOptions<BlocklistOptions>().BindConfiguration(BlocklistOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<BlocklistChecker>();
        return services;
    }
}
