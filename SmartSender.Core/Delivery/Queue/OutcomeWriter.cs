using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Delivery.Queue;

/// <summary>
/// Saves what became of claimed messages in group commits, so a save per message does not cap delivery. The change
/// is made to the claimed message at once, and the batch writes each message's delivery state and new events with
/// prepared statements (<see cref="OutcomeStatements"/>), only where the message is still queued: one settled
/// elsewhere meanwhile (its claim lapsed and another worker took it) keeps that outcome. A batch with a suppression
/// to add loads its messages and goes through SaveChanges. A batch that fails leaves nothing half-applied.
/// </summary>
public sealed class OutcomeWriter
{
    private readonly GroupCommit<Pending> _commits;
    private readonly ILogger _logger;
    private readonly NewEventsInterceptor? _events;

    public OutcomeWriter(IDbContextFactory<SmartSenderDbContext> contexts, ILogger logger, NewEventsInterceptor? events = null)
    {
        (_logger, _events) = (logger, events);
        _commits = new GroupCommit<Pending>(contexts, SaveAsync, logger, "delivery outcomes");
    }

    /// <summary>
    /// Makes a change to a claimed message and queues it for saving; the task ends when it is saved, or faults if it
    /// could not be. <paramref name="change"/> may only change the message's delivery state (<see cref="OutcomeStatements.DeliveryState"/>) and add events.
    /// </summary>
    /// <param name="suppress">An address to add to the account's suppression list with the change (a hard bounce).</param>
    public Task WriteAsync(Message claimed, Action<Message> change, Suppression? suppress = null)
    {
        var eventsBefore = claimed.Events.Count;
        try
        {
            change(claimed);
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }

        return _commits.WriteAsync(new Pending(claimed, [.. claimed.Events.Skip(eventsBefore)], change, suppress));
    }

    /// <summary>Saves what is queued and stops.</summary>
    public Task CompleteAsync() => _commits.CompleteAsync();

    private async Task SaveAsync(SmartSenderDbContext db, IReadOnlyList<Pending> batch)
    {
        if (batch.All(p => p.Suppress is null))
        {
            var settledElsewhere = await OutcomeStatements.SaveAsync(db, [.. batch.Select(p => (p.Message, p.Added))], _events);
            settledElsewhere.ForEach(SettledElsewhere);

            return;
        }

        var ids = batch.Select(p => p.Message.Id).ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        foreach (var pending in batch)
        {
            if (!messages.TryGetValue(pending.Message.Id, out var message) || message.Status != MessageStatus.Queued)
            {
                SettledElsewhere(pending.Message.Id);
                continue;
            }

            // The change again, to the message as stored: SaveChanges saves what it sees change.
            pending.Change(message);
            if (pending.Suppress is { } entry)
            {
                await SuppressionList.StageAsync(db, entry);
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Taken over by another worker after this one's claim lapsed, and settled there.</summary>
    private void SettledElsewhere(Guid messageId) =>
        _logger.LogWarning("Message {MessageId} was settled elsewhere; this outcome is dropped", messageId);

    private sealed record Pending(Message Message, IReadOnlyList<MessageEvent> Added, Action<Message> Change, Suppression? Suppress);
}
