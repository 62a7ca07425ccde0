using SmartSender.Core.Instances;
using SmartSender.Web.Hosting;

namespace SmartSender.Web.Submission;

public static class SubmissionServices
{
    /// <summary>The SMTP submission listener, on instances with the <see cref="InstanceRole.Submission"/> role.</summary>
    public static IServiceCollection AddSmtpSubmission(this IServiceCollection services)
    {
        services.AddOptions<SubmissionOptions>().BindConfiguration(SubmissionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyLogin>();
        services.AddSingleton<SubmissionStore>();
        services.AddSingleton<SubmissionSmtpListener>();
        RoleGatedService.Add<SubmissionSmtpListener>(services, InstanceRole.Submission);
        return services;
    }
}
