using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// What a save's new events add to the rollups. Every event counts once in its hour for all mail and once for each
/// of its message's tags. A person's first open (and first click) of a message counts as unique: when an event
/// arrives late with an earlier time than the first one seen, the unique count moves from that one to it.
/// </summary>
internal static class RollupDeltas
{
    /// <returns>The deltas, and the events' messages (tracked), which it read for their dimensions.</returns>
    public static async Task<(Dictionary<RollupKey, RollupDelta> Deltas, Dictionary<Guid, Message> Messages)> ComputeAsync(
        SmartSenderDbContext db, IReadOnlyList<MessageEvent> added, CancellationToken ct)
    {
        var messages = await MessagesOfAsync(db, added.Select(e => e.MessageId).Distinct().ToList(), ct);
        var deltas = new Dictionary<RollupKey, RollupDelta>();
        foreach (var e in added)
        {
            Count(deltas, MessageDimensions.Of(messages[e.MessageId]), e);
        }

        var firsts = added
            .Where(e => !e.Machine && e.Type is MessageEventType.Opened or MessageEventType.Clicked)
            .GroupBy(e => (e.MessageId, e.Type))
            .Select(g => g.OrderBy(e => e.OccurredAt).First());
        foreach (var first in firsts)
        {
            await CountFirstAsync(db, messages[first.MessageId], first, deltas, ct);
        }

        return (deltas, messages);
    }

    /// <summary>
    /// What new events of messages at hand add, without a read: events that never count as a first open or click
    /// (queued, delivery outcomes); an open or a click needs <see cref="ComputeAsync"/>.
    /// </summary>
    public static Dictionary<RollupKey, RollupDelta> OfNew(IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> events)
    {
        var deltas = new Dictionary<RollupKey, RollupDelta>();
        foreach (var (message, added) in events)
        {
            if (added.Count == 0)
            {
                continue;
            }

            var dims = MessageDimensions.Of(message);
            foreach (var e in added)
            {
                if (e.Type is MessageEventType.Opened or MessageEventType.Clicked)
                {
                    throw new InvalidOperationException($"An {e.Type} event of message {message.Id} may count as its first; it is stored with its message tracked (SavedEvents).");
                }

                Count(deltas, dims, e);
            }
        }

        return deltas;
    }

    private static void Count(Dictionary<RollupKey, RollupDelta> deltas, MessageDimensions dims, MessageEvent e)
    {
        foreach (var tag in dims.TagSlices)
        {
            Add(deltas, dims.KeyOf(e, tag), count: 1, uniques: 0);
        }
    }

    private static async Task CountFirstAsync(SmartSenderDbContext db, Message message, MessageEvent candidate, Dictionary<RollupKey, RollupDelta> deltas, CancellationToken ct)
    {
        var opened = candidate.Type == MessageEventType.Opened;
        var current = opened ? message.FirstOpenedAt : message.FirstClickedAt;
        if (current is { } at && at <= candidate.OccurredAt)
        {
            return;
        }

        var dims = MessageDimensions.Of(message);
        if (current is { } previousAt)
        {
            // A late event came before the one counted so far: the unique count moves to it.
            var previous = await db.MessageEvents.AsNoTracking()
                .Where(e => e.MessageId == message.Id && e.Type == candidate.Type && !e.Machine && e.OccurredAt == previousAt)
                .OrderBy(e => e.Id).FirstAsync(ct);
            foreach (var tag in dims.TagSlices)
            {
                Add(deltas, dims.KeyOf(previous, tag), count: 0, uniques: -1);
            }
        }

        foreach (var tag in dims.TagSlices)
        {
            Add(deltas, dims.KeyOf(candidate, tag), count: 0, uniques: 1);
        }

        if (opened)
        {
            message.FirstOpenedAt = candidate.OccurredAt;
        }
        else
        {
            message.FirstClickedAt = candidate.OccurredAt;
        }
    }

    /// <summary>The messages of the events, tracked: those the context has, and the rest loaded.</summary>
    private static async Task<Dictionary<Guid, Message>> MessagesOfAsync(SmartSenderDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<Message>().Select(e => e.Entity).Where(m => ids.Contains(m.Id)).ToDictionary(m => m.Id);
        var missing = ids.Where(id => !tracked.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var loaded in await db.Messages.Where(m => missing.Contains(m.Id)).ToListAsync(ct))
            {
                tracked[loaded.Id] = loaded;
            }
        }

        return tracked;
    }

    private static void Add(Dictionary<RollupKey, RollupDelta> deltas, RollupKey key, long count, long uniques)
    {
        if (!deltas.TryGetValue(key, out var delta))
        {
            deltas[key] = delta = new RollupDelta();
        }

        delta.Count += count;
        delta.Uniques += uniques;
    }
}
