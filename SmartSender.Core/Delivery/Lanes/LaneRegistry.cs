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
    DateTime? PausedUntil, string? LastDeferral, string? LastRule, DateTime? LastDeferralAt, DateTime UpdatedAt);

/// <summary>
/// Keeps every lane's state, changed one at a time per lane (a lock per lane in this process), so workers delivering
/// to the same provider from the same IP share one rate. The state lives in memory and is written to the database
/// at once when a reply slows or pauses the lane, and otherwise at most once a second per lane, so counting a
/// message does not cost a database write; after a restart a lane resumes from its last saved state.
/// </summary>
public class LaneRegistry(IDbContextFactory<SmartSenderDbContext> contexts, IOptions<LaneOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<LaneKey, SemaphoreSlim> _locks = new();
    private readonly ConcurrentDictionary<LaneKey, CachedLane> _lanes = new();

    public Task<LaneDecision> AcquireAsync(LaneKey key, CancellationToken ct = default) =>
        ChangeAsync(key, (lane, firstUsed, now) => (lane.TryAcquire(now, options.Value.LimitsFor(key.Provider), options.Value, WarmUpCap(firstUsed, now)), false), ct);

    public Task RecordAsync(LaneKey key, ReplyVerdict verdict, CancellationToken ct = default) =>
        ChangeAsync(key, (lane, _, now) =>
        {
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
        }, ct);

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

    private async Task<T> ChangeAsync<T>(LaneKey key, Func<Lane, DateTime, DateTime, (T Result, bool SaveNow)> change, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (!_lanes.TryGetValue(key, out var cached))
            {
                cached = await LoadAsync(key, now, ct);
                _lanes[key] = cached;
            }

            var (result, saveNow) = change(cached.Lane, cached.IpFirstUsed, now);
            if (saveNow || now - cached.SavedAt >= SaveInterval)
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                db.Lanes.Update(cached.Lane);
                await db.SaveChangesAsync(ct);
                cached.SavedAt = now;
            }

            return result;
        }
        finally
        {
            gate.Release();
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
    }
}
