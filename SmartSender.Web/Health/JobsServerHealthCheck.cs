using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmartSender.Web.Health;

/// <summary>This instance's Hangfire server is registered in the job store and its heartbeat is recent.</summary>
public sealed class JobsServerHealthCheck(JobStorage storage, JobsServerName name, TimeProvider clock) : IHealthCheck
{
    /// <summary>Four missed beats are a server that stopped (a stopped server may stay listed until the store's own sweep).</summary>
    public static readonly TimeSpan Stale = Jobs.JobsSetup.ServerHeartbeat * 4;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var server = storage.GetMonitoringApi().Servers()
                .FirstOrDefault(s => s.Name.Equals(name.Value, StringComparison.OrdinalIgnoreCase) || s.Name.StartsWith(name.Value + ":", StringComparison.OrdinalIgnoreCase));
            if (server is null)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("the job server is not running"));
            }

            var silent = clock.GetUtcNow().UtcDateTime - (server.Heartbeat ?? server.StartedAt);
            return Task.FromResult(silent > Stale
                ? HealthCheckResult.Unhealthy($"the job server's last heartbeat was {silent.TotalSeconds:F0} s ago")
                : HealthCheckResult.Healthy($"job server running, {server.WorkersCount} workers"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the job store is unreachable ({e.GetType().Name})"));
        }
    }
}

/// <summary>The name this process's Hangfire server registers under, so that readiness finds its own among several instances'.</summary>
public sealed record JobsServerName(string Value)
{
    public static JobsServerName New() => new($"smartsender-{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant());
}
