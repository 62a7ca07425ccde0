using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Delivery;

namespace SmartSender.Core.Simulator;

/// <summary>The simulator's test mail.</summary>
public static class SimulatorRegistration
{
    public static IServiceCollection AddSimulator(this IServiceCollection services)
    {
        services.AddSingleton<SimulatedDelivery>();
        services.AddSingleton<IDeliverySimulator>(sp => sp.GetRequiredService<SimulatedDelivery>());
        services.AddScoped<SimulatorFollowUp>();
        return services;
    }
}
