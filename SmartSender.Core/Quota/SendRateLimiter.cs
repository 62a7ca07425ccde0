using System.Collections.Concurrent;

using SmartSender.Core.Instances;

namespace SmartSender.Core.Quota;

/// <summary>
/// Each account's per-second rate: a token bucket per account, refilled from the injected clock, holding at most one
/// second's worth. Kept in memory; with several instances each allows its share of the rate, the rate divided by the
/// live instances that accept mail (<see cref="InstancePeers"/>, ADR 0032), so together they never allow more.
/// </summary>
public sealed class SendRateLimiter(TimeProvider clock, InstancePeers? peers = null)
{
    private readonly ConcurrentDictionary<Guid, Bucket> _buckets = new();

    /// <summary>Takes a token, or says how long until one is there.</summary>
    public TimeSpan? TryTake(Guid accountId, double perSecond)
    {
        perSecond /= peers?.Accepting ?? 1;
        var bucket = _buckets.GetOrAdd(accountId, _ => new Bucket());
        var now = clock.GetUtcNow();
        lock (bucket)
        {
            var capacity = Math.Max(1, perSecond);
            bucket.Tokens = bucket.Stamp == default
                ? capacity
                : Math.Min(capacity, bucket.Tokens + Math.Max(0, (now - bucket.Stamp).TotalSeconds) * perSecond);

            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return null;
            }

            return TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond);
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset Stamp;
    }
}
