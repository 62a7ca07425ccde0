using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Retention;

namespace SmartSender.Core.Messages;

/// <summary>Submission, scheduling, cancellation, the queue writer, and the message log.</summary>
public static class MessagesRegistration
{
    public static IServiceCollection AddMessages(this IServiceCollection services)
    {
        services.AddScoped<MessageSubmission>();
        services.AddScoped<BatchSubmission>();
        services.AddScoped<MessageSchedule>();
        services.AddScoped<MessageCancellation>();
        services.AddSingleton<QueueWriter>();
        services.AddSingleton(sp => new NewEvents(sp.GetServices<INewEventsListener>));
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<NewEvents>());
        services.AddScoped<MessageLog>();
        services.AddScoped<MessageComposer>();
        services.AddScoped<SendingPolicy>();
        services.AddScoped<TemplatePreviewer>();
        return services;
    }
}
