using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Instances;

namespace SmartSender.Web.Health;

/// <summary>On a delivery instance, its pump runs.</summary>
public sealed class DeliveryPumpHealthCheck(DeliveryService service, IOptions<InstanceOptions> instance) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(!instance.Value.Has(InstanceRole.Delivery)
            ? HealthCheckResult.Healthy("delivery is not this instance's role")
            : service.ExecuteTask is null or { IsCompleted: true }
                ? HealthCheckResult.Unhealthy("the delivery pump is not running")
                : HealthCheckResult.Healthy("the delivery pump is running"));
}
