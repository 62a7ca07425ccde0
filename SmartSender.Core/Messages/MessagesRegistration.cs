using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SmartSender.Core.Messages;

/// <summary>Submission, scheduling, cancellation, the queue writer, the message log, retention and erasure.</summary>
public static class MessagesRegistration
{
    public static IServiceCollection AddMessages(this IServiceCollection services)
    {
        services.AddScoped<MessageSubmission>();
        services.AddScoped<BatchSubmission>();
        services.AddScoped<MessageSchedule>();
        services.AddScoped<MessageCancellation>();
        services.AddOptions<Retention.RetentionOptions>().BindConfiguration(Retention.RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Retention.ContentRetention>();
        services.AddScoped<Retention.RecipientErasure>();
        services.AddSingleton<QueueWriter>();
        services.AddScoped<MessageLog>();
        services.AddScoped<MessageComposer>();
        services.AddScoped<SendingPolicy>();
        services.AddScoped<TemplatePreviewer>();
        return services;
    }
}
