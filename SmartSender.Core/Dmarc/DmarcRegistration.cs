using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Dmarc;

/// <summary>DMARC aggregate reports.</summary>
public static class DmarcRegistration
{
    public static IServiceCollection AddDmarc(this IServiceCollection services)
    {
        services.AddOptions<DmarcOptions>().BindConfiguration(DmarcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DmarcReports>();
        services.AddSingleton<DmarcOverview>();
        return services;
    }
}
