using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>
/// The lane a new message will most likely go out on, as this process's pump last routed mail of the same account to
/// the same recipient domain. Where instances share the queue (PostgreSQL), a message stored with its lane is claimed
/// only by the instance holding that lane (<see cref="Queue.DeliveryQueue"/>), instead of by whichever pump comes
/// first and then put back for the holder: one UPDATE less per message, and claims that step over fewer rows.
/// A hint is only ever remembered for an account whose pool has one usable IP, so it never pins a pool's round robin
/// to one address; a stale hint costs nothing but that, since the pump routes every message again when it sends.
/// On SQLite (one process) there is no one to leave a message to: nothing is learnt or given.
/// </summary>
public sealed class LaneHints(IOptions<DatabaseOptions> database) : IExpectedLanes
{
    /// <summary>Beyond this many (account, domain) pairs the hints start over: a bound on memory, not a cache policy.</summary>
    public const int MaxPairs = 50_000;

    private readonly ConcurrentDictionary<(Guid Account, string Domain), LaneKey> _lanes = new(PairComparer.Instance);

    /// <summary>Whether instances may share the queue, so that hints are worth keeping.</summary>
    public bool Shared { get; } = database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>What the pump decided for a message of <paramref name="accountId"/> to <paramref name="domain"/>; nothing where the queue is not shared.</summary>
    /// <param name="onlyIp">Whether the account's pool has a single usable IP, so that every message of the pair takes this lane.</param>
    public void Learn(Guid accountId, string domain, LaneKey lane, bool onlyIp)
    {
        if (!Shared)
        {
            return;
        }

        var key = (accountId, domain);
        if (!onlyIp)
        {
            _lanes.TryRemove(key, out _);
            return;
        }

        if (_lanes.TryGetValue(key, out var known) && known == lane)
        {
            return;
        }

        if (_lanes.Count >= MaxPairs)
        {
            _lanes.Clear();
        }

        _lanes[key] = lane;
    }

    /// <summary>The lane a message of <paramref name="accountId"/> to <paramref name="domain"/> was last given; null when unknown.</summary>
    public string? For(Guid accountId, string domain) =>
        Shared && _lanes.TryGetValue((accountId, domain), out var lane) ? lane.ToString() : null;

    /// <summary>Domains compared as DNS compares them, without a lower-cased copy per message.</summary>
    private sealed class PairComparer : IEqualityComparer<(Guid Account, string Domain)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((Guid Account, string Domain) x, (Guid Account, string Domain) y) =>
            x.Account == y.Account && string.Equals(x.Domain, y.Domain, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((Guid Account, string Domain) pair) =>
            HashCode.Combine(pair.Account, StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Domain));
    }
}
