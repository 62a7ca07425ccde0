using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Instances;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// Moves mail from the queue to the receiving servers. A run claims due messages in batches, sorts them into lanes
/// (sending IP × provider), and each lane delivers over up to its number of connections, reusing each for up to its
/// messages per connection, at the pace the lane allows; outcomes are saved in group commits. One run at a time per
/// process (lanes pace per process); several processes share the queue through their claims.
/// </summary>
public sealed class DeliveryPump(DeliveryServices services) : IPumpActivity, IDisposable
{
    private int _running;
    private bool _earlierClaimsReleased;
    private TaskCompletionSource _wake = NewSignal();
    private readonly BuildWorkers _builders = new(BuildThreadsFor(services.Options), services.Options.BuildNiceness);

    private long _delivered;
    private PumpRun? _run;

    public string InstanceName => services.Options.InstanceName;

    public bool IsRunning => Volatile.Read(ref _running) == 1;

    /// <summary>Messages this process's pump delivered since it started.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    /// <summary>Messages the current run holds (claimed, not yet settled).</summary>
    public int Held => Volatile.Read(ref _run)?.Held ?? 0;

    /// <summary>Whether new mail arrived since the current or last run last looked at the queue.</summary>
    public bool WokenSinceLastLook => Volatile.Read(ref _wake).Task.IsCompleted;

    /// <summary>The pump of this instance, woken whenever the queue is kicked (<see cref="DeliveryKick"/>).</summary>
    public static DeliveryPump ListeningTo(IServiceProvider services)
    {
        var pump = new DeliveryPump(services.GetRequiredService<DeliveryServices>());
        services.GetRequiredService<DeliveryKick>().Listen(pump.Wake);
        return pump;
    }

    /// <summary>Tells a waiting run to look at the queue now (new mail, or room for more).</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Delivers for <paramref name="length"/>, waiting for mail when there is none; false if a run was already going here.</summary>
    public Task<bool> RunAsync(TimeSpan length, CancellationToken ct) => RunCoreAsync(services.Clock.GetUtcNow() + length, drain: false, ct);

    /// <summary>Delivers every message due now and returns once each outcome is saved (messages put off to later stay queued).</summary>
    public Task<bool> DrainAsync(CancellationToken ct = default) => RunCoreAsync(DateTimeOffset.MaxValue, drain: true, ct);

    private async Task<bool> RunCoreAsync(DateTimeOffset end, bool drain, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            Wake();
            return false;
        }

        var settings = services.Options;
        if (!_earlierClaimsReleased)
        {
            // This process's first run: what this instance claimed before it was last stopped or killed is held by no one.
            var freed = await services.Queue.ReleaseEarlierClaimsAsync(settings.InstanceName, CancellationToken.None);
            _earlierClaimsReleased = true;
            if (freed > 0)
            {
                services.Logger.LogWarning("Freed {Count} messages claimed by this instance ({Instance}) before it started", freed, settings.InstanceName);
            }
        }

        var claimId = Guid.NewGuid();
        var maxHeld = settings.ClaimBatchSize * 4;
        var run = new PumpRun(this, services.Queue.NewOutcomeWriter(services.Logger), maxHeld);
        Volatile.Write(ref _run, run);
        var renewedAt = services.Clock.GetUtcNow();
        var emptied = new System.Diagnostics.Stopwatch();
        try
        {
            while (!ct.IsCancellationRequested && services.Clock.GetUtcNow() < end)
            {
                // Claims are renewed on time even while new messages keep coming, so none lapses while it is held.
                if (services.Clock.GetUtcNow() - renewedAt >= settings.ClaimHold / 3)
                {
                    renewedAt = services.Clock.GetUtcNow();
                    await services.Queue.RenewAsync(claimId, settings.ClaimHold, ct);
                    ClaimsHeldUntil = renewedAt + DeliveryQueue.RenewedAhead(settings.ClaimHold);
                }

                // A fresh signal before looking: a wake from now on ends the wait below.
                var wake = NewSignal();
                Volatile.Write(ref _wake, wake);
                if (run.Held < maxHeld)
                {
                    // Paced in real time, not the clock's: it only spaces out claims, and a test's still clock must not stall it.
                    var gather = settings.ClaimInterval - emptied.Elapsed;
                    if (!drain && emptied.IsRunning && gather > TimeSpan.Zero)
                    {
                        await Task.Delay(gather, ct);
                    }

                    var claimedAt = services.Clock.GetUtcNow();
                    var claimed = await services.Queue.ClaimAsync(claimId, settings.ClaimBatchSize, settings.ClaimHold, ct, settings.InstanceName);
                    if (claimed.Count < settings.ClaimBatchSize)
                    {
                        emptied.Restart();
                    }
                    else
                    {
                        emptied.Reset();
                    }

                    if (claimed.Count > 0)
                    {
                        await run.DispatchAsync(claimed, claimedAt, ct);
                        continue;
                    }
                }

                if (drain && run.Held == 0)
                {
                    break;
                }

                // A full run waits for room (its workers wake it), not for the queue: what is due cannot be taken before,
                // and asking the queue on every new message would read the whole backlog hundreds of times a second.
                var now = services.Clock.GetUtcNow();
                var nextDue = drain || run.Held >= maxHeld ? null : await services.Queue.NextDueAsync(claimId, ct);
                var until = drain ? end : Earliest(end, renewedAt + settings.ClaimHold / 3, nextDue);
                await WaitAsync(wake.Task, until - now, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: what was not delivered goes back to the queue below.
        }
        finally
        {
            await run.StopAsync();
            await services.Queue.ReleaseAsync(claimId, CancellationToken.None);
            await services.Lanes.ReleaseLeasesAsync(CancellationToken.None);
            Volatile.Write(ref _run, null);
            Volatile.Write(ref _running, 0);
        }

        return true;
    }

    private async Task WaitAsync(Task wake, TimeSpan wait, CancellationToken ct)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var timer = Task.Delay(wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait, services.Clock, stop.Token);
        await Task.WhenAny(wake, timer);
        await stop.CancelAsync();
    }

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset b, DateTime? c)
    {
        var earliest = a < b ? a : b;
        return c is { } due && new DateTimeOffset(due, TimeSpan.Zero) < earliest ? new DateTimeOffset(due, TimeSpan.Zero) : earliest;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static int BuildThreadsFor(DeliveryOptions options) =>
        options.BuildConcurrency > 0 ? options.BuildConcurrency : Environment.ProcessorCount;

    /// <summary>The threads that build and sign messages (<see cref="DeliveryOptions.BuildConcurrency"/>), shared by every lane of every run.</summary>
    internal BuildWorkers Builders => _builders;

    public void Dispose() => _builders.Dispose();

    /// <summary>What the pump's runs and lanes work with.</summary>
    internal DeliveryServices Services => services;

    /// <summary>
    /// Until when every claim of the run holds at least, by its last renewal: when that renewal began plus
    /// <see cref="DeliveryQueue.RenewedAhead"/>.
    /// </summary>
    internal DateTimeOffset ClaimsHeldUntil { get; private set; }

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);
}
