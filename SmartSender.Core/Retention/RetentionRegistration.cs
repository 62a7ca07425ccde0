using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Retention;

/// <summary>How long message content is kept, and the erasure of one recipient's data.</summary>
public static class RetentionRegistration
{
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ContentRetention>();
        services.AddScoped<RecipientErasure>();
        return services;
    }
}
