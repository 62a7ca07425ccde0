using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;

namespace SmartSender.Core.Messages;

/// <summary>
/// Writes the queue: accepted messages, and what became of delivered ones (<see cref="OutcomeWriter"/>). Concurrent
/// writes share a commit (and its flush to disk), and each returns only once its own change is committed, so 202
/// Accepted still means on disk. Both kinds share one connection and one transaction per batch: its pages stay in
/// that connection's cache from one batch to the next (another connection's commit would make it read them again),
/// and a batch pays one commit for both. Accepted messages skip the change tracker: each table's INSERT is prepared
/// from the model once per connection (<see cref="PreparedInsert{T}"/>), and the batch's Queued events go into the
/// rollups in the same transaction, as SaveChanges would put them; the quota's counts hear of them from here
/// (<see cref="QuotaReads.Queued"/>) rather than reading them again.
/// </summary>
public sealed class QueueWriter
{
    private readonly GroupCommit<Write> _commits;
    private readonly NewEventsInterceptor? _events;
    private readonly QuotaReads _quota;
    private readonly ILogger _logger;

    /// <param name="events">The app's nudges for new events (webhooks), as its contexts have them; none where its contexts have none.</param>
    public QueueWriter(IDbContextFactory<SmartSenderDbContext> contexts, QuotaReads quota, ILogger<QueueWriter> logger, NewEventsInterceptor? events = null)
    {
        (_events, _quota, _logger) = (events, quota, logger);
        _commits = new GroupCommit<Write>(contexts, WriteAsync, logger, "accepted messages and outcomes");
    }

    public Task StoreAsync(Message message) => _commits.WriteAsync(new Write(message, null));

    /// <summary>A delivery outcome without a suppression (<see cref="OutcomeStatements.StageAsync"/>): the message's delivery state and new events.</summary>
    internal Task SaveOutcomeAsync(Message message, IReadOnlyList<MessageEvent> added) => _commits.WriteAsync(new Write(null, (message, added)));

    private async Task WriteAsync(SmartSenderDbContext db, IReadOnlyList<Write> writes)
    {
        var accepted = writes.Where(w => w.Accepted is not null).Select(w => w.Accepted!).ToList();
        var outcomes = writes.Where(w => w.Outcome is not null).Select(w => w.Outcome!.Value).ToList();
        (List<(Message Message, IReadOnlyList<MessageEvent> Added)> Applied, List<Guid> SettledElsewhere) staged = ([], []);
        // API requests wait for accepted messages' commits: those go ahead of the jobs' writes.
        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None, ahead: accepted.Count > 0))
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (accepted.Count > 0)
            {
                await InsertAsync(db, accepted);
            }

            if (outcomes.Count > 0)
            {
                staged = await OutcomeStatements.StageAsync(db, outcomes);
            }

            await transaction.CommitAsync();
        }

        if (accepted.Count > 0)
        {
            _quota.Queued(accepted);
            _events?.Stored([]);
        }

        OutcomeStatements.Committed(staged.Applied, _events);
        staged.SettledElsewhere.ForEach(id => OutcomeWriter.LogSettledElsewhere(_logger, id));
    }

    private static async Task InsertAsync(SmartSenderDbContext db, List<Message> messages)
    {
        var insertMessage = PreparedInsert<Message>.For(db);
        var insertEvent = PreparedInsert<MessageEvent>.For(db);
        var insertAttachment = PreparedInsert<MessageAttachment>.For(db);
        foreach (var message in messages)
        {
            await insertMessage.ExecuteAsync(message);
            foreach (var e in message.Events)
            {
                await insertEvent.ExecuteAsync(e);
            }

            foreach (var attachment in message.Attachments)
            {
                await insertAttachment.ExecuteAsync(attachment);
            }
        }

        await RollupWriter.WriteAsync(db, RollupDeltas.OfQueued(messages), CancellationToken.None, queuedToldToQuota: true);
    }

    /// <summary>An accepted message to insert, or a delivery outcome to save.</summary>
    private sealed record Write(Message? Accepted, (Message Message, IReadOnlyList<MessageEvent> Added)? Outcome);
}
