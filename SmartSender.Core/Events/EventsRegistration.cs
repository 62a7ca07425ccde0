using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Events;

/// <summary>The events read by the API.</summary>
public static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSingleton<EventLog>();
        return services;
    }
}
