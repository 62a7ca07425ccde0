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
/// Keeps every lane's state in the database, changed one at a time per lane (a lock per lane in this process), so
/// workers delivering to the same provider from the same IP share one rate.
/// </summary>
public class LaneRegistry(IDbContextFactory<SmartSenderDbContext> contexts, IOptions<LaneOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<LaneKey, SemaphoreSlim> _locks = new();

    public Task<LaneDecision> AcquireAsync(LaneKey key, CancellationToken ct = default) =>
        ChangeAsync(key, (lane, db, now) => lane.TryAcquire(now, options.Value.LimitsFor(key.Provider), options.Value, WarmUpCap(db, key, now)), ct);

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

            return true;
        }, ct);

    public async Task<List<LaneView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var lanes = await db.Lanes.AsNoTracking().OrderBy(l => l.Provider).ThenBy(l => l.SendingIp).ToListAsync(ct);
        var queued = await db.Messages.Where(m => m.Status == MessageStatus.Queued && m.LaneKey != null)
            .GroupBy(m => m.LaneKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key!, g => g.Count, ct);
        return [.. lanes.Select(l => new LaneView(l.SendingIp, l.Provider, Math.Round(l.CurrentPerHour, 1), l.LimitPerHour, l.SentThisHour, l.SentToday,
            queued.GetValueOrDefault(l.Key.ToString()), l.PausedUntil, l.LastDeferral, l.LastRule, l.LastDeferralAt, l.UpdatedAt))];
    }

    private async Task<T> ChangeAsync<T>(LaneKey key, Func<Lane, SmartSenderDbContext, DateTime, T> change, CancellationToken ct)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var lane = await db.Lanes.FirstOrDefaultAsync(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider, ct);
            if (lane is null)
            {
                lane = new Lane(key, options.Value.LimitsFor(key.Provider).PerHour, now);
                db.Lanes.Add(lane);
            }

            var result = change(lane, db, now);
            await db.SaveChangesAsync(ct);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Today's cap of a sending IP in its warm-up, counted from the first day any lane of it was used.</summary>
    private int? WarmUpCap(SmartSenderDbContext db, LaneKey key, DateTime now)
    {
        var schedule = options.Value.WarmUp;
        if (schedule.Length == 0)
        {
            return null;
        }

        var first = db.Lanes.Where(l => l.SendingIp == key.SendingIp).Select(l => (DateTime?)l.CreatedAt).Min() ?? now;
        var day = (now.Date - first.Date).Days;
        return day < schedule.Length ? schedule[day] : null;
    }
}
