using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Delivery.Queue;

/// <summary>
/// Saves what became of claimed messages, many in one transaction: whatever is waiting when the previous save ends
/// goes into the next (a group commit), so a save per message does not cap delivery. Changes are applied to the
/// messages as loaded in the saving transaction, so a batch that fails leaves nothing half-applied behind.
/// </summary>
public sealed class OutcomeWriter
{
    private const int MaxBatch = 500;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly ILogger _logger;
    private readonly Task _writing;

    public OutcomeWriter(IDbContextFactory<SmartSenderDbContext> contexts, ILogger logger)
    {
        (_contexts, _logger) = (contexts, logger);
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Queues a change to a claimed message; the task ends when it is saved, or faults if it could not be.</summary>
    /// <param name="suppress">An address to add to the account's suppression list with the change (a hard bounce).</param>
    public Task WriteAsync(Guid messageId, Action<Message> change, Suppression? suppress = null)
    {
        var pending = new Pending(messageId, change, suppress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            pending.Saved.SetException(new InvalidOperationException("The outcome writer is closed."));
        }

        return pending.Saved.Task;
    }

    /// <summary>Saves what is queued and stops.</summary>
    public Task CompleteAsync()
    {
        _pending.Writer.TryComplete();
        return _writing;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                await SaveAsync(batch);
                batch.ForEach(p => p.Saved.TrySetResult());
            }
            catch (Exception ex) when (batch.Count > 1 && ex is DbUpdateException or InvalidOperationException)
            {
                // One bad change must not hold back the others: save them one by one.
                foreach (var one in batch)
                {
                    await SaveOneAsync(one);
                }
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Could not save the outcome of message {MessageId}; its claim lapses and it is tried again", batch[0].MessageId);
                batch.ForEach(p => p.Saved.TrySetException(ex));
            }

            batch.Clear();
        }
    }

    private async Task SaveOneAsync(Pending one)
    {
        try
        {
            await SaveAsync([one]);
            one.Saved.TrySetResult();
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Could not save the outcome of message {MessageId}; its claim lapses and it is tried again", one.MessageId);
            one.Saved.TrySetException(ex);
        }
    }

    private async Task SaveAsync(IReadOnlyList<Pending> batch)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        var ids = batch.Select(p => p.MessageId).ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        var suppressed = new HashSet<(Guid, string)>();
        foreach (var pending in batch)
        {
            if (!messages.TryGetValue(pending.MessageId, out var message) || message.Status != MessageStatus.Queued)
            {
                // Taken over by another worker after this one's claim lapsed, and settled there.
                _logger.LogWarning("Message {MessageId} was settled elsewhere; this outcome is dropped", pending.MessageId);
                continue;
            }

            pending.Change(message);
            if (pending.Suppress is { } entry && suppressed.Add((entry.AccountId, entry.Address))
                && !await db.Suppressions.AnyAsync(s => s.AccountId == entry.AccountId && s.Address == entry.Address))
            {
                db.Suppressions.Add(entry);
            }
        }

        await db.SaveChangesAsync();
    }

    private sealed record Pending(Guid MessageId, Action<Message> Change, Suppression? Suppress, TaskCompletionSource Saved);
}
