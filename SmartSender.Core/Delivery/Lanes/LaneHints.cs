using System.Collections.Concurrent;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>
/// The lane a new message will most likely go out on, as this process's pump last routed mail of the same account to
/// the same recipient domain. Where instances share the queue (PostgreSQL), a message stored with its lane is claimed
/// only by the instance holding that lane (<see cref="Queue.DeliveryQueue"/>), instead of by whichever pump comes
/// first and then put back for the holder: one UPDATE less per message, and claims that step over fewer rows.
/// A hint is only ever remembered for an account whose pool has one usable IP, so it never pins a pool's round robin
/// to one address; a stale hint costs nothing but that, since the pump routes every message again when it sends.
/// </summary>
public sealed class LaneHints
{
    /// <summary>Beyond this many (account, domain) pairs the hints start over: a bound on memory, not a cache policy.</summary>
    public const int MaxPairs = 50_000;

    private readonly ConcurrentDictionary<(Guid Account, string Domain), string> _lanes = new();

    /// <summary>What the pump decided for a message of <paramref name="accountId"/> to <paramref name="domain"/>.</summary>
    /// <param name="onlyIp">Whether the account's pool had a single usable IP, so that every message of the pair takes this lane.</param>
    public void Learn(Guid accountId, string domain, LaneKey lane, bool onlyIp)
    {
        var key = (accountId, domain.ToLowerInvariant());
        if (!onlyIp)
        {
            _lanes.TryRemove(key, out _);
            return;
        }

        var text = lane.ToString();
        if (_lanes.TryGetValue(key, out var known) && known == text)
        {
            return;
        }

        if (_lanes.Count >= MaxPairs)
        {
            _lanes.Clear();
        }

        _lanes[key] = text;
    }

    /// <summary>The lane a message of <paramref name="accountId"/> to <paramref name="domain"/> was last given; null when unknown.</summary>
    public string? For(Guid accountId, string domain) => _lanes.GetValueOrDefault((accountId, domain.ToLowerInvariant()));
}
