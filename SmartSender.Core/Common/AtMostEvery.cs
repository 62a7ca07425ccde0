using System.Collections.Concurrent;

namespace SmartSender.Core.Common;

/// <summary>
/// Lets a call through at most once per gap for each key: how the kicks that start a background job soon after work
/// arrives (mail submitted, events stored, feedback for an account) avoid one job per arrival.
/// </summary>
public sealed class AtMostEvery<TKey>(TimeSpan gap, TimeProvider clock)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, long> _last = new();

    public TimeSpan Gap => gap;

    /// <summary>True for the first call for <paramref name="key"/> and for the first one after each gap; false between.</summary>
    public bool TryPass(TKey key)
    {
        var now = clock.GetTimestamp();
        while (true)
        {
            if (!_last.TryGetValue(key, out var last))
            {
                if (_last.TryAdd(key, now))
                {
                    return true;
                }

                continue;
            }

            if (clock.GetElapsedTime(last, now) < gap)
            {
                return false;
            }

            if (_last.TryUpdate(key, now, last))
            {
                return true;
            }
        }
    }
}

/// <summary>The same gate for calls that have no key.</summary>
public sealed class AtMostEvery(TimeSpan gap, TimeProvider clock)
{
    private readonly AtMostEvery<bool> _gate = new(gap, clock);

    public bool TryPass() => _gate.TryPass(true);
}
