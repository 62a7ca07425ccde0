using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Feedback.Bounces;

namespace SmartSender.Core.Feedback;

/// <summary>Bounces and complaints from the inbound listener.</summary>
public static class FeedbackRegistration
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<InboundOptions>().BindConfiguration(InboundOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InboundRecipients>();
        services.AddSingleton<BounceClassifier>();
        services.AddSingleton<FeedbackProcessor>();
        return services;
    }
}
