using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Contacts.Segments;

namespace SmartSender.Core.Campaigns;

/// <summary>Campaigns and their sending.</summary>
public static class CampaignsRegistration
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddScoped<Campaigns>();
        services.AddScoped<CampaignSender>();
        services.AddSingleton<CampaignStats>();
        services.AddSingleton<ISegmentUsers, CampaignSegmentUsers>();
        return services;
    }
}
