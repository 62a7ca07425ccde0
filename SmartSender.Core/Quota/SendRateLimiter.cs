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
    public TimeSpan? TryTake(Guid accountId, double perSecond) => TryTake(accountId, perSecond, 1) is (0, var wait) ? wait : null;

    /// <summary>Takes up to <paramref name="count"/> tokens, as many as are there (a batch); when that is fewer, how long until the next one is there.</summary>
    public (int Taken, TimeSpan? Wait) TryTake(Guid accountId, double perSecond, int count)
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
            var taken = (int)Math.Min(count, Math.Floor(bucket.Tokens));
            bucket.Tokens -= taken;
            return taken == count ? (taken, null) : (taken, TimeSpan.FromSeconds((1 - bucket.Tokens) / perSecond));
        }
    }

    private sealed class Bucket
    {
        public double Tokens;
        public DateTimeOffset Stamp;
    }
}
