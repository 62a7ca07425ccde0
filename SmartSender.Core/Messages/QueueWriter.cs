using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;

namespace SmartSender.Core.Messages;

/// <summary>
/// Writes the queue: accepted messages, and what became of delivered ones (<see cref="Delivery.Queue.OutcomeWriter"/>). Concurrent
/// writes share a commit (and its flush to disk), and each returns only once its own change is committed, so 202
/// Accepted still means on disk. Both kinds share one connection and one transaction per batch: its pages stay in
/// that connection's cache from one batch to the next (another connection's commit would make it read them again),
/// and a batch pays one commit for both. Accepted messages skip the change tracker: each table's INSERT is prepared
/// from the model once per connection (<see cref="PreparedInsert{T}"/>), and the batch's Queued events are stored by
/// the <see cref="EventWriter"/> with their rollups in the same transaction; the quota's counts hear of them from here
/// (<see cref="QuotaReads.Queued"/>) rather than reading them again.
/// </summary>
public sealed class QueueWriter
{
    private readonly GroupCommit<Write> _commits;
    private readonly GroupCommit<Write> _bulk;
    private readonly NewEvents? _events;
    private readonly QuotaReads _quota;
    private readonly ILogger _logger;
    private readonly IExpectedLanes? _lanes;

    /// <param name="events">The app's nudges for new events (webhooks), as its contexts have them; none where its contexts have none.</param>
    /// <param name="lanes">The lanes the pump gave earlier messages, stored with new ones where instances share the queue; none for a bare writer.</param>
    public QueueWriter(IDbContextFactory<SmartSenderDbContext> contexts, QuotaReads quota, ILogger<QueueWriter> logger, NewEvents? events = null, IExpectedLanes? lanes = null)
    {
        (_events, _quota, _logger, _lanes) = (events, quota, logger, lanes);
        _commits = new GroupCommit<Write>(contexts, (db, writes) => WriteAsync(db, writes, urgent: writes.Any(w => w.Accepted is { Count: > 0 })), logger, "accepted messages and outcomes");
        _bulk = new GroupCommit<Write>(contexts, (db, writes) => WriteAsync(db, writes, urgent: false), logger, "bulk messages");
    }

    /// <summary>Stores an accepted message; under an Idempotency-Key, with the key's record in the same transaction.</summary>
    /// <returns>False when the key was already held by another message: this one was not stored.</returns>
    public Task<bool> StoreAsync(Message message, IdempotencyClaim? idempotency = null) => StoreAsync([message], idempotency);

    /// <summary>Stores a batch's accepted messages, all or none, in one transaction; under an Idempotency-Key, with the key's record.</summary>
    /// <returns>False when the key was already held by another request: none of them was stored.</returns>
    /// <param name="bulk">Messages nobody waits on (a campaign's): written apart from the API's, which go ahead of them on SQLite.</param>
    public async Task<bool> StoreAsync(IReadOnlyList<Message> messages, IdempotencyClaim? idempotency = null, bool bulk = false)
    {
        await (bulk ? _bulk : _commits).WriteAsync(new Write(messages, null, idempotency));
        return idempotency is not { Taken: true };
    }

    /// <summary>A delivery outcome without a suppression (<see cref="OutcomeStatements.StageAsync"/>): the message's delivery state and new events.</summary>
    internal Task SaveOutcomeAsync(Message message, IReadOnlyList<MessageEvent> added) => _commits.WriteAsync(new Write(null, (message, added)));

    private async Task WriteAsync(SmartSenderDbContext db, IReadOnlyList<Write> writes, bool urgent)
    {
        var toAccept = writes.Where(w => w.Accepted is { Count: > 0 }).ToList();
        var outcomes = writes.Where(w => w.Outcome is not null).Select(w => w.Outcome!.Value).ToList();
        (List<(Message Message, IReadOnlyList<MessageEvent> Added)> Applied, List<Guid> SettledElsewhere) staged = ([], []);
        List<Message> accepted = [];
        // API requests wait for accepted messages' commits: those go ahead of the jobs' writes (bulk messages among them).
        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None, ahead: urgent))
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            if (toAccept.Count > 0)
            {
                if (_lanes is { Shared: true })
                {
                    ExpectLanes(toAccept, _lanes);
                }

                accepted = await InsertAsync(db, toAccept);
            }

            if (outcomes.Count > 0)
            {
                staged = await OutcomeStatements.StageAsync(db, outcomes);
            }

            await transaction.CommitAsync();
        }

        if (accepted.Count > 0)
        {
            foreach (var message in accepted.Where(m => !m.Test))
            {
                _quota.Queued(message.AccountId, message.Events.Where(e => e.Type == MessageEventType.Queued).Select(e => e.OccurredAt));
            }

            EventWriter.Committed([.. accepted.Select(m => (m, (IReadOnlyList<MessageEvent>)m.Events))], _events);
        }

        EventWriter.Committed(staged.Applied, _events);
        staged.SettledElsewhere.ForEach(id => OutcomeStatements.LogSettledElsewhere(_logger, id));
    }

    /// <summary>
    /// Gives each new message the lane the pump last gave its account's mail to its recipient domain, where one is known,
    /// so that on a shared queue only the instance holding that lane claims it (<see cref="Delivery.Queue.DeliveryQueue"/>).
    /// </summary>
    private static void ExpectLanes(List<Write> writes, IExpectedLanes lanes)
    {
        foreach (var message in writes.SelectMany(w => w.Accepted!))
        {
            if (message.LaneKey is null && !message.Test && MimeKit.MailboxAddress.TryParse(message.To, out var to) &&
                lanes.For(message.AccountId, to.Domain) is { } lane)
            {
                message.ExpectLane(lane);
            }
        }
    }

    /// <summary>
    /// Inserts the accepted messages with their attachments, then their events (<see cref="EventWriter"/>). On PostgreSQL the rows go in one batch, one
    /// round trip to the server instead of one per row (the writer waits for each, and commits the less often the
    /// longer they take); an Idempotency-Key is still taken at once, before its message's rows.
    /// </summary>
    /// <returns>The messages stored: all but those whose Idempotency-Key another message holds.</returns>
    private static async Task<List<Message>> InsertAsync(SmartSenderDbContext db, List<Write> writes)
    {
        var insertMessage = PreparedInsert<Message>.For(db);
        var insertAttachment = PreparedInsert<MessageAttachment>.For(db);
        await using var batch = db.Database.IsNpgsql()
            ? new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction())
            : null;
        async Task InsertAsync<T>(PreparedInsert<T> insert, T row)
            where T : class
        {
            if (batch is null)
            {
                await insert.ExecuteAsync(row);
            }
            else
            {
                insert.AddTo(batch, row);
            }
        }

        var messages = new List<Message>(writes.Count);
        foreach (var write in writes)
        {
            // A commit that failed is written again one write at a time: each attempt decides afresh.
            var first = write.Accepted![0];
            if (write.Idempotency is { } key && !await IdempotencyStatements.TakeAsync(db, key, first.Id, first.CreatedAt))
            {
                continue;
            }

            foreach (var message in write.Accepted)
            {
                messages.Add(message);
                await InsertAsync(insertMessage, message);
                foreach (var attachment in message.Attachments)
                {
                    await InsertAsync(insertAttachment, attachment);
                }
            }
        }

        await EventWriter.StageAsync(db, [.. messages.Select(m => (m, (IReadOnlyList<MessageEvent>)m.Events))], batch, queuedToldToQuota: true);
        if (batch is { BatchCommands.Count: > 0 })
        {
            await batch.ExecuteNonQueryAsync();
        }

        return messages;
    }

    /// <summary>Accepted messages to insert (one, or a batch's), or a delivery outcome to save.</summary>
    private sealed record Write(IReadOnlyList<Message>? Accepted, (Message Message, IReadOnlyList<MessageEvent> Added)? Outcome, IdempotencyClaim? Idempotency = null);
}
