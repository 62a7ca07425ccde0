using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SmartSender.Web.Hosting;

/// <summary>
/// Behind a reverse proxy, the client's address comes from <c>X-Forwarded-For</c> (and the scheme from
/// <c>X-Forwarded-Proto</c>), but only on connections from the proxies listed in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses or CIDR ranges). Nothing is trusted by default, not even loopback: a client could otherwise name any
/// address it liked, and the limits kept per address (wrong API keys, sign-in attempts) would count the wrong one.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddForwardedHeadersFromConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy.Trim(), out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(proxy.Trim(), out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is neither an IP address nor a CIDR range.");
                }
            }
        });
        return services;
    }
}
