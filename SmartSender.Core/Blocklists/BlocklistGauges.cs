using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Blocklists;

/// <summary>
/// The listings as a gauge (meter <c>SmartSender</c>), read from the database when a collector asks, at most every
/// <see cref="GaugeReading{T}.Fresh"/>: every instance reports the same shared listings.
/// </summary>
public sealed class BlocklistGauges : IDisposable
{
    private readonly Meter _meter;
    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly GaugeReading<IReadOnlyList<KeyValuePair<string, object?>[]>> _reading;

    public BlocklistGauges(IMeterFactory meters, IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
    {
        _contexts = contexts;
        _reading = new GaugeReading<IReadOnlyList<KeyValuePair<string, object?>[]>>(_ => ReadAsync(), [], clock);
        _meter = meters.Create(Messages.MessageMetrics.MeterName);
        _meter.CreateObservableGauge("smartsender.blocklist.listed", () => _reading.Current.Select(l => new Measurement<int>(1, l)), "1",
            "1 for each sending IP or sending domain listed on a blocklist, by target and list: alert on any series.");
    }

    public void Dispose() => _meter.Dispose();

    private async Task<IReadOnlyList<KeyValuePair<string, object?>[]>> ReadAsync()
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var listed = await db.BlocklistListings.AsNoTracking().Where(l => l.State == ListingState.Listed)
            .Select(l => new { l.Kind, l.Target, l.List }).ToListAsync();
        return [.. listed.Select(l => new KeyValuePair<string, object?>[]
        {
            new("kind", l.Kind == BlocklistTargets.Ip ? "ip" : "domain"), new("target", l.Target), new("list", l.List),
        })];
    }
}
