using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Instances;

/// <summary>The instances that wrote a heartbeat lately, alive or gone, for the dashboard.</summary>
public sealed class InstanceDirectory(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    /// <summary>An instance is alive while its last heartbeat is younger than this.</summary>
    public static readonly TimeSpan AliveWithin = InstanceHeartbeat.Interval * 3;

    /// <summary>The instances alive at <paramref name="now"/> (a heartbeat within <see cref="AliveWithin"/>), with their roles.</summary>
    public static async Task<List<(string Name, IReadOnlyList<InstanceRole> Roles)>> AliveAsync(SmartSenderDbContext db, DateTime now, CancellationToken ct = default)
    {
        var since = now - AliveWithin;
        var rows = await db.Instances.AsNoTracking().Where(i => i.LastSeenAt >= since).Select(i => new { i.Name, i.Roles }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Name, InstanceRoles.Parse(r.Roles)))];
    }

    /// <summary>Instances seen in the last day, alive first, by name.</summary>
    public async Task<IReadOnlyList<InstanceView>> ListAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Instances.AsNoTracking().Where(i => i.LastSeenAt >= since).ToListAsync(ct);
        return [.. rows.Select(r => new InstanceView(r.Name, r.Roles, r.StartedAt, r.LastSeenAt, now - r.LastSeenAt < AliveWithin, r.DeliveredLastMinute, r.Activity))
            .OrderByDescending(v => v.Alive).ThenBy(v => v.Name, StringComparer.Ordinal)];
    }
}

public sealed record InstanceView(string Name, string Roles, DateTime StartedAt, DateTime LastSeenAt, bool Alive, int DeliveredLastMinute, string? Activity);
