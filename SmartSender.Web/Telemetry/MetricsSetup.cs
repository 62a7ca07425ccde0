using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using SmartSender.Core.Delivery;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Telemetry;

/// <summary>
/// OpenTelemetry metrics, scraped by Prometheus at <c>/metrics</c>: SmartSender's own (meters <c>SmartSender</c> and
/// <c>SmartSender.Persistence</c>), ASP.NET Core's requests by route, and the .NET runtime's. See docs/operations.md.
/// </summary>
public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddSmartSenderMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        if (!builder.Configuration.GetValue($"{MetricsOptions.Section}:{nameof(MetricsOptions.Enabled)}", true))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("smartsender", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddMeter(MessageMetrics.MeterName, GroupCommitMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        return builder;
    }

    /// <summary>The scraping endpoint, answered to the same callers as health (<c>Health:AllowedNetworks</c>, administrators).</summary>
    public static WebApplication MapSmartSenderMetrics(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            // Made now, so that the gauges exist before the first scrape.
            app.Services.GetRequiredService<DeliveryGauges>();
            app.Services.GetRequiredService<Core.Blocklists.BlocklistGauges>();
            app.MapPrometheusScrapingEndpoint(Path);
        }

        return app;
    }
}

/// <summary>The <c>Metrics</c> section of appsettings.json.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>Collect metrics and answer <c>/metrics</c> in Prometheus's text format.</summary>
    public bool Enabled { get; set; } = true;
}
