using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Delivery.Queue;

/// <summary>
/// Saves what became of claimed messages in group commits, so a save per message does not cap delivery. Changes are
/// applied to the messages as loaded in the saving transaction, so a batch that fails leaves nothing half-applied;
/// the usual batch (messages and their new events) is written with prepared statements (<see cref="OutcomeStatements"/>).
/// </summary>
public sealed class OutcomeWriter
{
    private readonly GroupCommit<Pending> _commits;
    private readonly ILogger _logger;
    private readonly NewEventsInterceptor? _events;

    public OutcomeWriter(IDbContextFactory<SmartSenderDbContext> contexts, ILogger logger, NewEventsInterceptor? events = null)
    {
        (_logger, _events) = (logger, events);
        _commits = new GroupCommit<Pending>(contexts, SaveAsync, logger);
    }

    /// <summary>Queues a change to a claimed message; the task ends when it is saved, or faults if it could not be.</summary>
    /// <param name="suppress">An address to add to the account's suppression list with the change (a hard bounce).</param>
    public Task WriteAsync(Guid messageId, Action<Message> change, Suppression? suppress = null) =>
        _commits.WriteAsync(new Pending(messageId, change, suppress));

    /// <summary>Saves what is queued and stops.</summary>
    public Task CompleteAsync() => _commits.CompleteAsync();

    private async Task SaveAsync(SmartSenderDbContext db, IReadOnlyList<Pending> batch)
    {
        var ids = batch.Select(p => p.MessageId).ToList();
        var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id);
        var suppressing = false;
        foreach (var pending in batch)
        {
            if (!messages.TryGetValue(pending.MessageId, out var message) || message.Status != MessageStatus.Queued)
            {
                // Taken over by another worker after this one's claim lapsed, and settled there.
                _logger.LogWarning("Message {MessageId} was settled elsewhere; this outcome is dropped", pending.MessageId);
                continue;
            }

            pending.Change(message);
            if (pending.Suppress is { } entry)
            {
                await SuppressionList.StageAsync(db, entry);
                suppressing = true;
            }
        }

        if (suppressing || !await OutcomeStatements.TrySaveAsync(db, _events))
        {
            await db.SaveChangesAsync();
        }
    }

    private sealed record Pending(Guid MessageId, Action<Message> Change, Suppression? Suppress);
}
