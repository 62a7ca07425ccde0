using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Health;

/// <summary>The database answers and has every migration this build knows.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<SmartSenderDbContext> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName?.Split('.').Last()} reachable and migrated")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, the first {pending[0]}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception's type only: its message may carry a host name or a user from the connection string.
            return HealthCheckResult.Unhealthy($"database unreachable ({e.GetType().Name})");
        }
    }
}
