using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;
using SmartSender.Core.Dns;
using SmartSender.Web.Hosting;

namespace SmartSender.Web.DevTools;

/// <summary>
/// What Development adds so a first message can go out on a machine without public DNS or a mail server: the
/// development DNS zone for names under <c>.test</c>, and the development inbox when no relay is configured.
/// Nothing of it is registered in any other environment.
/// </summary>
public static class DevelopmentTools
{
    public static WebApplicationBuilder AddDevelopmentTools(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            return builder;
        }

        var services = builder.Services;
        services.AddSingleton(sp => new DevelopmentDns(DataDirectory.Resolve(sp)));
        services.AddSingleton<IDnsResolver>(sp => new DevelopmentDnsResolver(
            ActivatorUtilities.CreateInstance<DnsClientResolver>(sp), sp.GetRequiredService<DevelopmentDns>()));

        // Whether the inbox takes the relay's place is read from the settings the running app has, every source included.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DevelopmentInbox>(sp, Path.Combine(DataDirectory.Resolve(sp), "dev-inbox")));
        services.AddHostedService(sp => sp.GetRequiredService<DevelopmentInbox>());
        services.AddOptions<DeliveryOptions>().PostConfigure<IServiceProvider>((options, sp) =>
        {
            var inbox = sp.GetRequiredService<DevelopmentInbox>();
            if (!inbox.InUse)
            {
                return;
            }

            options.Relay.Host = "127.0.0.1";
            options.Relay.Port = inbox.Port;
            options.Relay.Security = RelaySecurity.None;
            options.Relay.Username = null;
        });

        return builder;
    }
}
