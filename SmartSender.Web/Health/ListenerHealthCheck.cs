using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmartSender.Web.Health;

/// <summary>An SMTP listener this instance should run (its role and its <c>Enabled</c> setting) is listening.</summary>
public sealed class ListenerHealthCheck(string what, Func<bool> expected, Func<Task?> started, Func<Task?> running) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!expected())
        {
            return Task.FromResult(HealthCheckResult.Healthy($"the {what} listener is off on this instance"));
        }

        var result = (started(), running()) switch
        {
            ({ IsFaulted: true } failed, _) => HealthCheckResult.Unhealthy($"the {what} listener could not listen ({failed.Exception!.InnerException?.GetType().Name})"),
            (_, null or { IsCompleted: true }) => HealthCheckResult.Unhealthy($"the {what} listener is not running"),
            ({ IsCompletedSuccessfully: true }, _) => HealthCheckResult.Healthy($"the {what} listener is listening"),
            _ => HealthCheckResult.Unhealthy($"the {what} listener is still starting"),
        };
        return Task.FromResult(result);
    }
}
