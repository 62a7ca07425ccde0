using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Domains.Spf;

namespace SmartSender.Core.Domains;

/// <summary>Sending domains, their DKIM keys, verification and signing.</summary>
public static class DomainsRegistration
{
    public static IServiceCollection AddDomains(this IServiceCollection services)
    {
        services.AddSingleton<SpfEvaluator>();
        services.AddOptions<DomainsOptions>().BindConfiguration(DomainsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DkimKeyFactory>();
        services.AddSingleton<DomainVerifier>();
        services.AddScoped<SendingDomains>();
        services.AddScoped<SendingDomainGate>();
        services.AddSingleton<SendingDomainCache>();
        services.AddScoped<DomainRecheckJob>();
        return services;
    }
}
