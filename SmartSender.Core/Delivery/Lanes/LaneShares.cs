using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Instances;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>
/// Spreads the lanes over the live instances that deliver. An instance takes a lane's lease when it first has mail for
/// it, so the one that started first would keep every lane and the others would deliver nothing. When it renews a
/// lease while it holds more than its share (the leased lanes divided by the delivering instances, rounded up), it
/// hands that lane to the delivering instance holding the fewest, as long as that one holds less than its share.
/// </summary>
public static class LaneShares
{
    /// <summary>The instance <paramref name="me"/> should hand one of its lanes to; null when it holds no more than its share.</summary>
    /// <param name="delivering">The live instances with the delivery role, this one included.</param>
    /// <param name="held">The lanes each instance holds a lease on now.</param>
    public static string? TakerFrom(string me, IReadOnlyCollection<string> delivering, IReadOnlyDictionary<string, int> held)
    {
        if (delivering.Count < 2 || !delivering.Contains(me))
        {
            return null;
        }

        var leased = held.Where(h => delivering.Contains(h.Key)).Sum(h => h.Value);
        var share = (leased + delivering.Count - 1) / delivering.Count;
        if (held.GetValueOrDefault(me) <= share)
        {
            return null;
        }

        var taker = delivering.Where(name => name != me).OrderBy(name => held.GetValueOrDefault(name)).ThenBy(name => name, StringComparer.Ordinal).First();
        return held.GetValueOrDefault(taker) < share ? taker : null;
    }

    /// <summary>As <see cref="TakerFrom(string, IReadOnlyCollection{string}, IReadOnlyDictionary{string, int})"/>, from the heartbeats and the leases stored now.</summary>
    public static async Task<string?> TakerFromAsync(SmartSenderDbContext db, string me, DateTime now, CancellationToken ct)
    {
        var delivering = (await InstanceDirectory.AliveAsync(db, now, ct))
            .Where(i => i.Roles.Contains(InstanceRole.Delivery)).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (delivering.Count < 2)
        {
            return null;
        }

        var held = await db.Lanes.AsNoTracking().Where(l => l.LeaseOwner != null && l.LeaseUntil > now)
            .GroupBy(l => l.LeaseOwner!).Select(g => new { Owner = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Owner, g => g.Count, StringComparer.Ordinal, ct);
        return TakerFrom(me, delivering, held);
    }
}
