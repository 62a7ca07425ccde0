using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>A lane as the Throttle page and the API show it.</summary>
public sealed record LaneView(
    string SendingIp, string Provider, double CurrentPerHour, int LimitPerHour, int SentThisHour, int SentToday, int Queued,
    DateTime? PausedUntil, string? LastDeferral, string? LastRule, DateTime? LastDeferralAt, DateTime UpdatedAt)
{
    /// <summary>A lane with the relay's default, which paces mail itself: shown as having no limit.</summary>
    public bool Unlimited => LimitPerHour >= LaneOptions.RelayDefault.PerHour;
}

/// <summary>
/// Keeps every lane's state, changed one at a time per lane (a lock per lane in this process), so workers delivering
/// to the same provider from the same IP share one rate. The state lives in memory and is written to the database
/// at once when a reply slows or pauses the lane, and otherwise at most once a second per lane, so counting a
/// message does not cost a database write; after a restart a lane resumes from its last saved state.
/// Where several instances share the database (PostgreSQL), one instance at a time sends on a lane: it holds the
/// lane's lease (<see cref="LeaseTime"/>, renewed while it sends, given back when its pump stops), reads the lane's
/// state when it takes the lease and saves it only while the lease stands, each send counted in the database before it
/// leaves (a save counts the next quarter second's sends ahead), so the lane's rate, pauses and hourly and daily
/// counts hold across instances and survive the one that held them (ADR 0031). Another instance is told the lane
/// is held elsewhere, and puts its messages for that lane back in the queue, due at once, for the holder to claim.
/// A holder with more than its share of the mail hands a lane to another delivering instance when it renews (<see cref="LaneShares"/>, ADR 0044).
/// </summary>
public class LaneRegistry(
    IDbContextFactory<SmartSenderDbContext> contexts, IOptions<LaneOptions> options, TimeProvider clock, IOptions<DeliveryOptions>? delivery = null)
{
    /// <summary>How long a lane's lease holds without renewal: how long a dead instance's lanes stay still.</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);

    /// <summary>A shared lane's save counts as many sends ahead as the lane allows in this time (at most <see cref="MaxCountedAhead"/>).</summary>
    private static readonly TimeSpan CountAheadFor = TimeSpan.FromMilliseconds(250);

    private const int MaxCountedAhead = 100;
    private bool? _shared;

    private string Owner => delivery?.Value.InstanceName ?? Environment.MachineName;
    private readonly ConcurrentDictionary<LaneKey, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<LaneKey, CachedLane> _lanes = new();

    public Task<LaneDecision> AcquireAsync(LaneKey key, CancellationToken ct = default) =>
        ChangeAsync(
            key,
            (cached, now) =>
            {
                var limits = options.Value.LimitsFor(key.Provider);
                var warmUpCap = WarmUpCap(cached.IpFirstUsed, now);
                var decision = cached.Lane.TryAcquire(now, limits, options.Value, warmUpCap);
                if (!decision.Allowed || _shared != true)
                {
                    return (decision, false);
                }

                // Shared, a send is counted in the database before it leaves, so the next holder of the lane counts
                // it whenever this one dies: the save counts a few sends ahead (what the lane would allow in the next
                // quarter second) and the sends already counted need no write of their own.
                if (cached.CountedAhead > 0)
                {
                    cached.CountedAhead--;
                    return (decision, false);
                }

                cached.CountedAhead = cached.Lane.RoomAhead(limits, warmUpCap, (int)Math.Min(MaxCountedAhead, cached.Lane.CurrentPerHour / 3600 * CountAheadFor.TotalSeconds));
                return (decision, true);
            },
            held => LaneDecision.Elsewhere(held.Until, held.Owner),
            ct,
            mayHandOver: true);

    public Task RecordAsync(LaneKey key, ReplyVerdict verdict, CancellationToken ct = default) =>
        ChangeAsync(key, (cached, now) =>
        {
            var lane = cached.Lane;
            if (verdict.Outcome is DeliveryOutcome.SoftFail)
            {
                lane.RecordDeferred(verdict, now, options.Value);
            }
            else
            {
                lane.RecordDelivered(now);
            }

            // A lane that was just slowed or paused is saved at once: that must survive a restart.
            return (true, verdict.SlowsLane);
        },
        _ => false, // the lane's holder keeps its own state
        ct);

    /// <summary>Saves every lane this instance holds and gives their leases back (its pump stops); a no-op on SQLite.</summary>
    public async Task ReleaseLeasesAsync(CancellationToken ct = default)
    {
        if (_shared != true)
        {
            return;
        }

        foreach (var key in _lanes.Keys)
        {
            var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct);
            try
            {
                if (!_lanes.TryRemove(key, out var held))
                {
                    continue;
                }

                // Given back exactly: the sends counted ahead were not sent.
                held.CountedAhead = 0;
                if (await SaveAsync(held, ct))
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var me = Owner;
                    await db.Lanes.Where(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider && l.LeaseOwner == me)
                        .ExecuteUpdateAsync(u => u.SetProperty(l => l.LeaseOwner, (string?)null).SetProperty(l => l.LeaseUntil, (DateTime?)null), ct);
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }

    public async Task<List<LaneView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var saved = await db.Lanes.AsNoTracking().ToListAsync(ct);
        var lanes = saved.Select(l => _lanes.TryGetValue(l.Key, out var live) ? live.Lane : l).OrderBy(l => l.Provider).ThenBy(l => l.SendingIp).ToList();
        var queued = await db.Messages.Where(m => m.Status == MessageStatus.Queued && m.LaneKey != null)
            .GroupBy(m => m.LaneKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!, g => g.Count, ct);
        return [.. lanes.Select(l => new LaneView(l.SendingIp, l.Provider, Math.Round(l.CurrentPerHour, 1), l.LimitPerHour, l.SentThisHour, l.SentToday,
            queued.GetValueOrDefault(l.Key.ToString()), l.PausedUntil, l.LastDeferral, l.LastRule, l.LastDeferralAt, l.UpdatedAt))];
    }

    /// <param name="mayHandOver">Whether a renewal may hand the lane to another instance instead (<see cref="LaneShares"/>): before a send, never after one, whose reply must be recorded.</param>
    private async Task<T> ChangeAsync<T>(
        LaneKey key, Func<CachedLane, DateTime, (T Result, bool SaveNow)> change, Func<(string Owner, DateTime Until), T> heldElsewhere, CancellationToken ct,
        bool mayHandOver = false)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            _lanes.TryGetValue(key, out var cached);
            if (cached?.Lane.LeaseUntil <= now)
            {
                // Its lease lapsed: another instance may have sent on the lane since, so its state is read again.
                cached = null;
            }

            var renewing = cached is not null && cached.Lane.LeaseUntil - now < LeaseTime * 2 / 3;
            if (renewing && mayHandOver && await IsSharedAsync(ct) && await HandOverAsync(cached!, now, ct) is { } given)
            {
                _lanes.TryRemove(key, out _);
                return heldElsewhere((given, now + LeaseTime));
            }

            var lease = await IsSharedAsync(ct) && (cached is null || renewing)
                ? await TakeLeaseAsync(key, now, ct)
                : ((bool Taken, string Owner, DateTime Until)?)null;
            if (lease is { Taken: false } refused)
            {
                _lanes.TryRemove(key, out _);
                return heldElsewhere((refused.Owner, refused.Until));
            }

            if (cached is null)
            {
                // Read afresh (on a shared database under the lease just taken): the last holder's counts and pauses.
                cached = await LoadAsync(key, now, ct);
                _lanes[key] = cached;
            }

            if (lease is { } held)
            {
                cached.Lane.HoldLease(held.Owner, held.Until);
            }

            var (result, saveNow) = change(cached, now);
            if ((saveNow || now - cached.SavedAt >= SaveInterval) && !await SaveAsync(cached, ct))
            {
                _lanes.TryRemove(key, out _);
            }

            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Writes the lane's state with the sends it counts ahead; false if its lease was taken by another instance
    /// meanwhile (nothing written).
    /// </summary>
    private async Task<bool> SaveAsync(CachedLane cached, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.Lanes.Update(cached.CountedAhead > 0 ? cached.Lane.WithSendsAhead(cached.CountedAhead) : cached.Lane);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }

        cached.SavedAt = clock.GetUtcNow().UtcDateTime;
        return true;
    }

    private async ValueTask<bool> IsSharedAsync(CancellationToken ct)
    {
        if (_shared is { } shared)
        {
            return shared;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return (_shared = db.Database.IsNpgsql()).Value;
    }

    /// <summary>
    /// Hands the lane to the instance <see cref="LaneShares"/> names, if any: its state saved as it stands (the sends
    /// counted ahead were not sent) and its lease given to that instance, which claims the lane's mail from now on.
    /// </summary>
    /// <returns>The instance that holds the lane now; null when this one keeps it.</returns>
    private async Task<string?> HandOverAsync(CachedLane cached, DateTime now, CancellationToken ct)
    {
        var me = Owner;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await LaneShares.TakerFromAsync(db, me, cached.Lane.Key, now, ct) is not { } taker)
        {
            return null;
        }

        cached.CountedAhead = 0;
        if (!await SaveAsync(cached, ct))
        {
            return null;
        }

        var key = cached.Lane.Key;
        var until = now + LeaseTime;
        var given = await db.Lanes.Where(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider && l.LeaseOwner == me)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.LeaseOwner, taker).SetProperty(l => l.LeaseUntil, until), ct);
        return given == 1 ? taker : null;
    }

    /// <summary>Takes or renews the lane's lease: free, already this instance's, or lapsed.</summary>
    private async Task<(bool Taken, string Owner, DateTime Until)> TakeLeaseAsync(LaneKey key, DateTime now, CancellationToken ct)
    {
        var me = Owner;
        var until = now + LeaseTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var taken = await db.Lanes
            .Where(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider && (l.LeaseOwner == null || l.LeaseOwner == me || l.LeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.LeaseOwner, me).SetProperty(l => l.LeaseUntil, until), ct);
        if (taken == 1)
        {
            return (true, me, until);
        }

        var holder = await db.Lanes.AsNoTracking().Where(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider)
            .Select(l => new { l.LeaseOwner, l.LeaseUntil }).FirstOrDefaultAsync(ct);
        if (holder is not null)
        {
            return (false, holder.LeaseOwner ?? "another", holder.LeaseUntil ?? now);
        }

        // A lane no one has used yet: made with this instance's lease, unless another made it a moment ago.
        var lane = new Lane(key, options.Value.LimitsFor(key.Provider).PerHour, now);
        lane.HoldLease(me, until);
        db.Lanes.Add(lane);
        try
        {
            await db.SaveChangesAsync(ct);
            return (true, me, until);
        }
        catch (DbUpdateException)
        {
            return (false, "another", now + TimeSpan.FromSeconds(1));
        }
    }

    private async Task<CachedLane> LoadAsync(LaneKey key, DateTime now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lane = await db.Lanes.FirstOrDefaultAsync(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider, ct);
        if (lane is null)
        {
            lane = new Lane(key, options.Value.LimitsFor(key.Provider).PerHour, now);
            db.Lanes.Add(lane);
            await db.SaveChangesAsync(ct);
        }

        var firstUsed = await db.Lanes.Where(l => l.SendingIp == key.SendingIp).MinAsync(l => l.CreatedAt, ct);
        db.Entry(lane).State = EntityState.Detached;
        return new CachedLane(lane, firstUsed) { SavedAt = now };
    }

    /// <summary>Today's cap of a sending IP in its warm-up, counted from the first day any lane of it was used.</summary>
    private int? WarmUpCap(DateTime ipFirstUsed, DateTime now)
    {
        var schedule = options.Value.WarmUp;
        var day = (now.Date - ipFirstUsed.Date).Days;
        return day < schedule.Length ? schedule[day] : null;
    }

    private sealed class CachedLane(Lane lane, DateTime ipFirstUsed)
    {
        public Lane Lane { get; } = lane;

        public DateTime IpFirstUsed { get; } = ipFirstUsed;

        public DateTime SavedAt { get; set; }

        /// <summary>Sends the saved state already counts that have not happened yet (shared database only).</summary>
        public int CountedAhead { get; set; }
    }
}
