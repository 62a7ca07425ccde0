using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Dns;

/// <summary>The DNS resolver and its options.</summary>
public static class DnsRegistration
{
    public static IServiceCollection AddDns(this IServiceCollection services)
    {
        services.AddOptions<DnsOptions>().BindConfiguration(DnsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDnsResolver, DnsClientResolver>();
        return services;
    }
}
