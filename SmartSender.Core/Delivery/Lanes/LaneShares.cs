using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Instances;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>
/// Spreads the mail over the live instances that deliver. An instance takes a lane's lease when it first has mail for
/// it, so the one that started first would keep every lane and the others would deliver nothing. Each instance's load
/// is the mail of the lanes it holds (a lane weighs its sends today, plus one, so a new lane counts too). When an
/// instance renews a lease, it hands that lane to the delivering instance with the least load if the lane, moved
/// there, still leaves that instance below this one's load now: every move narrows the gap between the two, so a lane
/// never moves back and forth, and a lane that carries most of the mail stays where it is.
/// </summary>
public static class LaneShares
{
    /// <summary>The instance <paramref name="me"/> should hand the lane of <paramref name="weight"/> to; null when it keeps it.</summary>
    /// <param name="delivering">The live instances with the delivery role, this one included.</param>
    /// <param name="load">The mail of the lanes each instance holds a lease on now (<see cref="WeightOf"/>), this lane included.</param>
    public static string? TakerFrom(string me, long weight, IReadOnlyCollection<string> delivering, IReadOnlyDictionary<string, long> load)
    {
        if (delivering.Count < 2 || !delivering.Contains(me))
        {
            return null;
        }

        var taker = delivering.Where(name => name != me).OrderBy(name => load.GetValueOrDefault(name)).ThenBy(name => name, StringComparer.Ordinal).First();
        return load.GetValueOrDefault(taker) + weight < load.GetValueOrDefault(me) ? taker : null;
    }

    /// <summary>What a lane weighs in an instance's load: its sends today, plus one.</summary>
    public static long WeightOf(Lane lane, DateTime now) => 1 + (lane.DayStart >= now.Date ? lane.SentToday : 0);

    /// <summary>As <see cref="TakerFrom(string, long, IReadOnlyCollection{string}, IReadOnlyDictionary{string, long})"/>, for the lane <paramref name="key"/>, from the heartbeats and the leases stored now.</summary>
    public static async Task<string?> TakerFromAsync(SmartSenderDbContext db, string me, LaneKey key, DateTime now, CancellationToken ct)
    {
        var delivering = (await InstanceDirectory.AliveAsync(db, now, ct))
            .Where(i => i.Roles.Contains(InstanceRole.Delivery)).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (delivering.Count < 2)
        {
            return null;
        }

        var leased = await db.Lanes.AsNoTracking().Where(l => l.LeaseOwner != null && l.LeaseUntil > now).ToListAsync(ct);
        if (leased.FirstOrDefault(l => l.SendingIp == key.SendingIp && l.Provider == key.Provider) is not { } lane)
        {
            return null;
        }

        var load = leased.GroupBy(l => l.LeaseOwner!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => WeightOf(l, now)), StringComparer.Ordinal);
        return TakerFrom(me, WeightOf(lane, now), delivering, load);
    }
}
