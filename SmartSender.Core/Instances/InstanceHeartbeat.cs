using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Instances;

/// <summary>
/// Writes this instance's row in <c>Instances</c> every <see cref="Interval"/>: its roles, when it started, when it
/// was last seen and what its pump delivered in the last minute, for the dashboard's Instances page. After each
/// beat, and whenever another instance says it joined, it counts the live instances that accept mail
/// (<see cref="InstancePeers"/>) on a shared database.
/// </summary>
public sealed class InstanceHeartbeat(
    IDbContextFactory<SmartSenderDbContext> contexts,
    IPumpActivity pump,
    IOptions<InstanceOptions> instance,
    TimeProvider clock,
    ILogger<InstanceHeartbeat> logger,
    InstancePeers? peers = null,
    ClusterSignals? signals = null) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly Queue<(DateTimeOffset At, long Delivered)> _samples = new();
    private readonly SemaphoreSlim _one = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var startedAt = clock.GetUtcNow().UtcDateTime;
        signals?.OnInstancesChanged(() => _ = RecountSoonAsync(stopping));
        var first = true;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(startedAt, stopping);
                if (first)
                {
                    first = false;
                    signals?.InstancesChanged();
                }
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException && !stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not write this instance's heartbeat");
            }

            await Task.Delay(Interval, clock, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Writes the row once; the service does it every <see cref="Interval"/>.</summary>
    public async Task BeatAsync(DateTime startedAt, CancellationToken ct = default)
    {
        await _one.WaitAsync(ct);
        try
        {
            await WriteAsync(startedAt, ct);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Counts the live instances that accept mail, on a shared database; SQLite has one process.</summary>
    public async Task RecountAsync(CancellationToken ct = default)
    {
        if (peers is null)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var alive = await InstanceDirectory.AliveAsync(db, clock.GetUtcNow().UtcDateTime, ct);
        peers.Set(alive.Count(i => InstancePeers.Accepts(i.Roles)));
    }

    private async Task RecountSoonAsync(CancellationToken ct)
    {
        try
        {
            await RecountAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException or OperationCanceledException)
        {
            logger.LogWarning(e, "Could not count the instances that share the send limits");
        }
    }

    private async Task WriteAsync(DateTime startedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        _samples.Enqueue((now, pump.DeliveredCount));
        while (_samples.Count > 1 && now - _samples.Peek().At > TimeSpan.FromMinutes(1))
        {
            _samples.Dequeue();
        }

        var name = pump.InstanceName;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Instances.FindAsync([name], ct);
        if (row is null)
        {
            row = new InstanceRecord { Name = name };
            db.Instances.Add(row);
        }

        row.Roles = InstanceRoles.Format(instance.Value.Effective);
        row.StartedAt = startedAt;
        row.LastSeenAt = now.UtcDateTime;
        row.DeliveredLastMinute = (int)(pump.DeliveredCount - _samples.Peek().Delivered);
        row.Activity = !instance.Value.Has(InstanceRole.Delivery) ? null
            : pump.Held > 0 ? $"delivering, {pump.Held} messages held" : pump.IsRunning ? "waiting for mail" : "pump stopped";
        await db.SaveChangesAsync(ct);
        await RecountAsync(ct);
    }
}
