using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmartSender.Core.Instances;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Health;

/// <summary>
/// On a delivery instance: no message has waited longer than <see cref="HealthOptions.OldestDueMessage"/> past its due
/// time without a worker holding it. Every pump shares the queue, so this is the backlog of all of them.
/// </summary>
public sealed class DeliveryQueueHealthCheck(
    IDbContextFactory<SmartSenderDbContext> contexts, IOptions<InstanceOptions> instance, IOptions<HealthOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!instance.Value.Has(InstanceRole.Delivery))
        {
            return HealthCheckResult.Healthy("delivery is not this instance's role");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var oldest = await DeliveryQueue.OldestWaitingAsync(db, now, ct);
        var waited = oldest is { } due ? now - due : TimeSpan.Zero;
        var data = new Dictionary<string, object> { ["oldestDueSeconds"] = (long)waited.TotalSeconds };
        var limit = options.Value.OldestDueMessage;
        return waited > limit
            ? HealthCheckResult.Unhealthy($"a message has been due for {Describe(waited)} without being tried, longer than {Describe(limit)}", data: data)
            : HealthCheckResult.Healthy(oldest is null ? "no message is waiting" : $"the oldest due message has waited {Describe(waited)}", data);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:F0} min" : $"{span.TotalSeconds:F0} s";
}
