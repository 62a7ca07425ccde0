using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmartSender.Core.Instances;
using SmartSender.Web.Inbound;
using SmartSender.Web.Submission;

namespace SmartSender.Web.Health;

/// <summary>
/// <c>/health/live</c> (the process answers) and <c>/health/ready</c> (everything this instance's roles need), as JSON
/// for a load balancer or a monitor: 200 when healthy, 503 with each failing check's reason when not.
/// </summary>
public static class HealthEndpoints
{
    public const string Ready = "ready";

    public static IServiceCollection AddSmartSenderHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DnsHealthCheck>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<JobsServerHealthCheck>("jobs", tags: [Ready])
            .Add(new HealthCheckRegistration("inbound-smtp", sp =>
            {
                var listener = sp.GetRequiredService<InboundSmtpListener>();
                var expected = Has(sp, InstanceRole.Inbound) && sp.GetRequiredService<IOptions<Core.Feedback.InboundOptions>>().Value.Enabled;
                return new ListenerHealthCheck("inbound SMTP", () => expected, () => listener.Started, () => listener.ExecuteTask);
            }, HealthStatus.Unhealthy, [Ready]))
            .Add(new HealthCheckRegistration("submission-smtp", sp =>
            {
                var listener = sp.GetRequiredService<SubmissionSmtpListener>();
                var settings = sp.GetRequiredService<IOptions<SubmissionOptions>>().Value;
                var expected = Has(sp, InstanceRole.Submission) && settings.Enabled && (settings.Port != 0 || settings.TlsPort != 0);
                return new ListenerHealthCheck("SMTP submission", () => expected, () => listener.Started, () => listener.ExecuteTask);
            }, HealthStatus.Unhealthy, [Ready]))
            .AddCheck<DeliveryPumpHealthCheck>("delivery-pump", tags: [Ready])
            .AddCheck<DeliveryQueueHealthCheck>("delivery-queue", tags: [Ready])
            .AddCheck<DnsHealthCheck>("dns", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(Path + "/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks(Path + "/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary>After authentication: callers of health and metrics outside <see cref="HealthOptions.AllowedNetworks"/> must be administrators.</summary>
    public static IApplicationBuilder UseHealthGate(this IApplicationBuilder app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path) || http.Request.Path.StartsWithSegments(Telemetry.MetricsSetup.Path), branch => branch.Use(async (http, next) =>
        {
            if (IsAllowed(http))
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "Health and metrics are answered to the configured networks (Health:AllowedNetworks) and to administrators only",
                },
            });
        }));

    public const string Path = "/health";

    private static bool Has(IServiceProvider sp, InstanceRole role) => sp.GetRequiredService<IOptions<InstanceOptions>>().Value.Has(role);

    private static bool IsAllowed(HttpContext http)
    {
        var networks = http.RequestServices.GetRequiredService<IOptions<HealthOptions>>().Value.Networks;
        var address = http.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : http.Connection.RemoteIpAddress;
        return (address is not null && networks.Any(n => n.Contains(address))) || http.User.IsInRole(Core.Accounts.Roles.Admin);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        }, Json));
    }
}
