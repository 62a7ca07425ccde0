using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Analytics;

/// <summary>Messages per hour, for the Overview chart.</summary>
public class MessageVolume(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// One bucket per hour for the last <paramref name="hours"/> hours, the current hour last, empty hours as zero.
    /// Buckets are made in memory from the creation times so the query stays portable across providers.
    /// </summary>
    public async Task<IReadOnlyList<HourlyCount>> PerHourAsync(Guid accountId, int hours, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var currentHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var first = currentHour.AddHours(-(hours - 1));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var times = await db.Messages.AsNoTracking()
            .Where(m => m.AccountId == accountId && m.CreatedAt >= first)
            .Select(m => m.CreatedAt)
            .ToListAsync(ct);
        var counts = times
            .GroupBy(t => new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc))
            .ToDictionary(g => g.Key, g => g.Count());
        return [.. Enumerable.Range(0, hours).Select(i => first.AddHours(i)).Select(h => new HourlyCount(h, counts.GetValueOrDefault(h)))];
    }

    /// <summary>Messages created since <paramref name="since"/>, by their current state.</summary>
    public async Task<StatusCounts> StatusSinceAsync(Guid accountId, DateTime since, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var counts = await db.Messages.AsNoTracking()
            .Where(m => m.AccountId == accountId && m.CreatedAt >= since)
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Status, x => x.Count, ct);
        return StatusCounts.From(counts);
    }
}
