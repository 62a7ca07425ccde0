using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery;

/// <summary>
/// The queue and the lanes as gauges (meter <see cref="MessageMetrics.MeterName"/>), read from the database when a
/// collector asks, at most every <see cref="GaugeReading{T}.Fresh"/>: every instance reports the same shared queue and lanes.
/// </summary>
public sealed class DeliveryGauges : IDisposable
{
    private readonly Meter _meter;
    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly LaneRegistry _lanes;
    private readonly GaugeReading<Snapshot> _reading;

    public DeliveryGauges(IMeterFactory meters, IDbContextFactory<SmartSenderDbContext> contexts, LaneRegistry lanes, TimeProvider clock)
    {
        (_contexts, _lanes) = (contexts, lanes);
        _reading = new GaugeReading<Snapshot>(ReadAsync, new Snapshot(0, 0, []), clock);
        _meter = meters.Create(MessageMetrics.MeterName);
        _meter.CreateObservableGauge("smartsender.queue.messages", () => Read().Queued, "{message}", "Messages queued for delivery, due or not.");
        _meter.CreateObservableGauge("smartsender.queue.oldest_due.age", () => Read().OldestDueSeconds, "s",
            "How long the oldest due message no worker holds has waited past its due time; 0 when none waits.");
        _meter.CreateObservableGauge("smartsender.lane.rate", () => Read().Lanes.Select(l => new Measurement<double>(l.CurrentPerHour, l.Tags)), "{message}/h",
            "Each lane's current rate: its limit, lowered after deferrals and recovering step by step.");
        _meter.CreateObservableGauge("smartsender.lane.limit", () => Read().Lanes.Select(l => new Measurement<int>(l.LimitPerHour, l.Tags)), "{message}/h",
            "Each lane's configured hourly limit.");
        _meter.CreateObservableGauge("smartsender.lane.paused", () => Read().Lanes.Select(l => new Measurement<int>(l.Paused ? 1 : 0, l.Tags)), "1",
            "1 while a lane is paused after a deferral, else 0.");
        _meter.CreateObservableGauge("smartsender.lane.queued", () => Read().Lanes.Select(l => new Measurement<int>(l.Queued, l.Tags)), "{message}",
            "Messages queued on each lane.");
    }

    public void Dispose() => _meter.Dispose();

    private Snapshot Read() => _reading.Current;

    private async Task<Snapshot> ReadAsync(DateTime now)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var queued = await db.Messages.CountAsync(m => m.Status == MessageStatus.Queued);
        var oldest = await Queue.DeliveryQueue.OldestWaitingAsync(db, now);
        var lanes = await _lanes.ListAsync();
        return new Snapshot(queued, oldest is { } due ? (now - due).TotalSeconds : 0, [.. lanes.Select(l => new LaneFigures(
            l.CurrentPerHour, l.LimitPerHour, l.PausedUntil > now, l.Queued,
            [new("sending_ip", l.SendingIp), new("provider", l.Provider)]))]);
    }

    private sealed record Snapshot(
        int Queued, double OldestDueSeconds, IReadOnlyList<LaneFigures> Lanes);

    private sealed record LaneFigures(double CurrentPerHour, int LimitPerHour, bool Paused, int Queued, KeyValuePair<string, object?>[] Tags);
}
