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
/// elsewhere meanwhile (its claim lapsed and another worker took it) keeps that outcome. Given the app's
/// <see cref="QueueWriter"/>, those batches are its own, beside the accepted messages. A batch with a suppression
/// to add loads its messages and goes through SaveChanges. A batch that fails leaves nothing half-applied.
/// </summary>
public sealed class OutcomeWriter
{
    private readonly GroupCommit<Pending> _commits;
    private readonly ILogger _logger;
    private readonly NewEvents? _events;
    private readonly QueueWriter? _queue;

    /// <summary>This writer's outcomes handed to the queue's writer and not yet saved there.</summary>
    private readonly HashSet<Task> _handedOver = [];

    /// <param name="queue">The queue's writer, whose commits take the plain outcomes too; without it this writer commits them itself.</param>
    public OutcomeWriter(IDbContextFactory<SmartSenderDbContext> contexts, ILogger logger, NewEvents? events = null, QueueWriter? queue = null)
    {
        (_logger, _events, _queue) = (logger, events, queue);
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

        var pending = new Pending(claimed, [.. claimed.Events.Skip(eventsBefore)], change, suppress);
        return suppress is null && _queue is not null ? HandOver(_queue.SaveOutcomeAsync(claimed, pending.Added)) : _commits.WriteAsync(pending);
    }

    /// <summary>Saves what is queued and stops.</summary>
    public async Task CompleteAsync()
    {
        await _commits.CompleteAsync();
        Task[] handedOver;
        lock (_handedOver)
        {
            handedOver = [.. _handedOver];
        }

        // Each caller hears of its own failure; here only the end counts.
        await Task.WhenAll(handedOver).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private Task HandOver(Task saved)
    {
        lock (_handedOver)
        {
            _handedOver.Add(saved);
        }

        saved.ContinueWith(
            done =>
            {
                lock (_handedOver)
                {
                    _handedOver.Remove(done);
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return saved;
    }

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

    private void SettledElsewhere(Guid messageId) => OutcomeStatements.LogSettledElsewhere(_logger, messageId);

    private sealed record Pending(Message Message, IReadOnlyList<MessageEvent> Added, Action<Message> Change, Suppression? Suppress);
}
