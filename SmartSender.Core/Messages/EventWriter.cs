using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Every new message event is stored here, wherever it was recorded: the API's Queued events (<see cref="QueueWriter"/>),
/// delivery outcomes (<see cref="OutcomeStatements"/>), and everything saved with SaveChanges (<see cref="SavedEvents"/>:
/// tracking, feedback, cancellations, the simulator, …). In the caller's transaction it inserts the rows, with one
/// INSERT prepared from the EF model (<see cref="PreparedInsert{T}"/>), and adds their rollup deltas
/// (<see cref="RollupDeltas"/>, <see cref="RollupWriter"/>), so the rollups never disagree with the events; once the caller
/// has committed, <see cref="Committed"/> counts them for the metrics and tells the listeners (webhooks, reputation).
/// </summary>
internal static class EventWriter
{
    /// <summary>
    /// Events of messages at hand that never count as a first open or click (queued, delivery outcomes): their rows and
    /// their rollups, into <paramref name="batch"/> on PostgreSQL (the caller sends it with its other rows, after theirs).
    /// </summary>
    /// <param name="queuedToldToQuota">The caller tells the quota of the Queued events itself (<see cref="Quota.QuotaReads.Queued"/>).</param>
    public static async Task StageAsync(
        SmartSenderDbContext db, IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> events, NpgsqlBatch? batch, bool queuedToldToQuota = false)
    {
        var insert = PreparedInsert<MessageEvent>.For(db);
        foreach (var e in events.SelectMany(x => x.Added))
        {
            if (batch is null)
            {
                await insert.ExecuteAsync(e);
            }
            else
            {
                insert.AddTo(batch, e);
            }
        }

        await RollupWriter.WriteAsync(db, RollupDeltas.OfNew(events), CancellationToken.None, queuedToldToQuota, batch);
    }

    /// <summary>
    /// What events recorded on tracked messages will add to the rollups, before anything is written: a person's first
    /// open or click moves the message's <see cref="Message.FirstOpenedAt"/> or <see cref="Message.FirstClickedAt"/>,
    /// which the save then writes with the message.
    /// </summary>
    /// <returns>The deltas, and the events' messages (loaded into the tracker where it did not have them).</returns>
    public static Task<(Dictionary<RollupKey, RollupDelta> Deltas, Dictionary<Guid, Message> Messages)> DeltasOfTrackedAsync(
        SmartSenderDbContext db, IReadOnlyList<MessageEvent> added, CancellationToken ct) =>
        RollupDeltas.ComputeAsync(db, added, ct);

    /// <summary>
    /// Events the change tracker held, once the save has written the rest (their messages among it): their rows (in
    /// one round trip on PostgreSQL), each given its key and tracked again as stored, then the rollups worked out by <see cref="DeltasOfTrackedAsync"/>.
    /// </summary>
    public static async Task StageTrackedAsync(SmartSenderDbContext db, IReadOnlyList<MessageEvent> added, Dictionary<RollupKey, RollupDelta> deltas, CancellationToken ct)
    {
        await PreparedInsert<MessageEvent>.WithKeyBack(db).ExecuteAllAsync(db, added, ct);
        foreach (var e in added)
        {
            db.Entry(e).State = EntityState.Unchanged;
        }

        await RollupWriter.WriteAsync(db, deltas, ct);
    }

    /// <summary>After the commit: the events are counted for the metrics, and the listeners hear of them.</summary>
    /// <param name="stored">The events with their message (for its account, stream and lane).</param>
    public static void Committed(IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> stored, NewEvents? listeners)
    {
        if (!stored.Any(s => s.Added.Count > 0))
        {
            return;
        }

        if (MessageMetrics.Enabled)
        {
            foreach (var (message, added) in stored)
            {
                foreach (var e in added)
                {
                    MessageMetrics.Stored(e.Type, message);
                }
            }
        }

        listeners?.Stored([.. stored.Where(s => s.Added.Any(e => NewEvents.IsFeedback(e.Type))).Select(s => s.Message.AccountId).Distinct()]);
    }
}
