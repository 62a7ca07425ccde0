using SmartSender.Core.Persistence;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace SmartSender.Web.Auth;

public sealed class ApiKeyGuardOptions
{
    public const string Section = "ApiKeys";

    /// <summary>Failed attempts (a missing, unknown or revoked key) one address may make within <see cref="Window"/>.</summary>
    [Range(1, 100_000)]
    public int MaxFailures { get; set; } = 20;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Counts failed API key attempts per source address over a sliding window; an address over the limit is refused
/// (429) without its key being looked at, until its oldest failure leaves the window. Kept in memory; on PostgreSQL
/// every instance is told of each failure (<see cref="ClusterSignals"/>), so the limit holds across instances.
/// </summary>
public sealed class FailedKeyAttempts
{
    private readonly IOptions<ApiKeyGuardOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ClusterSignals? _cluster;

    public FailedKeyAttempts(IOptions<ApiKeyGuardOptions> options, TimeProvider clock, ClusterSignals? cluster = null)
    {
        (_options, _clock, _cluster) = (options, clock, cluster);
        cluster?.OnKeyFailure(address =>
        {
            if (IPAddress.TryParse(address, out var parsed))
            {
                Record(parsed);
            }
        });
    }

    private const int MinimumSweep = 1_024;
    private readonly ConcurrentDictionary<IPAddress, Queue<DateTimeOffset>> _failures = new();
    private int _sweepAt = MinimumSweep;

    /// <summary>How long the address must wait, or null when it may try.</summary>
    public TimeSpan? Blocked(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var times))
        {
            return null;
        }

        lock (times)
        {
            var now = _clock.GetUtcNow();
            Forget(times, now);
            return times.Count >= _options.Value.MaxFailures ? times.Peek() + _options.Value.Window - now : null;
        }
    }

    /// <summary>The address's failed attempts within the window.</summary>
    public int Count(IPAddress? address)
    {
        if (address is null || !_failures.TryGetValue(address, out var times))
        {
            return 0;
        }

        lock (times)
        {
            Forget(times, _clock.GetUtcNow());
            return times.Count;
        }
    }

    public void Failed(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        Record(address);
        _cluster?.KeyFailed(address.ToString());
    }

    private void Record(IPAddress address)
    {
        var times = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            var now = _clock.GetUtcNow();
            Forget(times, now);
            times.Enqueue(now);
        }

        // Addresses whose failures have all left the window are dropped, so guesses from many addresses cannot fill memory.
        if (_failures.Count > Volatile.Read(ref _sweepAt))
        {
            Sweep(_clock.GetUtcNow());
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (address, times) in _failures)
        {
            lock (times)
            {
                Forget(times, now);
                if (times.Count == 0)
                {
                    _failures.TryRemove(new KeyValuePair<IPAddress, Queue<DateTimeOffset>>(address, times));
                }
            }
        }

        Volatile.Write(ref _sweepAt, Math.Max(MinimumSweep, _failures.Count * 2));
    }

    private void Forget(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.Count > 0 && times.Peek() + _options.Value.Window <= now)
        {
            times.Dequeue();
        }
    }
}
