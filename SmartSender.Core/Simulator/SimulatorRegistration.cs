using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Simulator;

/// <summary>The simulator's test mail.</summary>
public static class SimulatorRegistration
{
    public static IServiceCollection AddSimulator(this IServiceCollection services)
    {
        services.AddSingleton<SimulatedDelivery>();
        services.AddScoped<SimulatorFollowUp>();
        return services;
    }
}
