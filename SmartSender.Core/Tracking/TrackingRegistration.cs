using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Tracking;

/// <summary>Tracked links, opens and clicks, tracking hosts.</summary>
public static class TrackingRegistration
{
    public static IHostApplicationBuilder AddTracking(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .PostConfigure(o => o.DomainHosts ??= !builder.Environment.IsDevelopment());
        services.AddSingleton<MessageLinks>();
        services.AddSingleton<IMessageLinks>(sp => sp.GetRequiredService<MessageLinks>());
        services.AddSingleton<TrackingLookup>();
        services.AddSingleton<TrackingHosts>();
        services.AddSingleton<TrackingEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<TrackingEvents>());
        return builder;
    }
}
