using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.ContentReview;

/// <summary>Content review before sending.</summary>
public static class ContentReviewRegistration
{
    public static IServiceCollection AddContentReview(this IServiceCollection services)
    {
        services.AddOptions<ContentReviewOptions>().BindConfiguration(ContentReviewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ContentReviewer>();
        services.AddSingleton<SpamdClient>();
        services.AddSingleton<ContentReviews>();
        return services;
    }
}
