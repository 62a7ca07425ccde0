using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Blocklists;

/// <summary>
/// The listings as a gauge (meter <c>SmartSender</c>), read from the database when a collector asks, at most every
/// <see cref="Fresh"/>: every instance reports the same shared listings.
/// </summary>
public sealed class BlocklistGauges : IDisposable
{
    /// <summary>Collectors asking more often than this see the same figures.</summary>
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly Meter _meter;
    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly Lock _reading = new();
    private (DateTime At, IReadOnlyList<KeyValuePair<string, object?>[]> Listings)? _last;

    public BlocklistGauges(IMeterFactory meters, IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
    {
        (_contexts, _clock) = (contexts, clock);
        _meter = meters.Create(Messages.MessageMetrics.MeterName);
        _meter.CreateObservableGauge("smartsender.blocklist.listed", () => Read().Select(l => new Measurement<int>(1, l)), "1",
            "1 for each sending IP or sending domain listed on a blocklist, by target and list: alert on any series.");
    }

    public void Dispose() => _meter.Dispose();

    private IReadOnlyList<KeyValuePair<string, object?>[]> Read()
    {
        lock (_reading)
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            if (_last is { } last && now - last.At < Fresh)
            {
                return last.Listings;
            }

            try
            {
                _last = (now, ReadAsync().GetAwaiter().GetResult());
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // A database that does not answer shows in /health/ready; the gauge keeps its last figures.
                _last ??= (now, []);
            }

            return _last.Value.Listings;
        }
    }

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
