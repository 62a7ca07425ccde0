using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;

namespace SmartSender.Core.Messages;

/// <summary>
/// Stores accepted messages: concurrent submissions share a commit (and its flush to disk), and each returns only
/// once its own message is committed, so 202 Accepted still means on disk. A batch only adds rows, so it skips the
/// change tracker: each table's INSERT is prepared from the model once per connection (<see cref="PreparedInsert{T}"/>),
/// and the batch's Queued events go into the rollups in the same transaction, as SaveChanges would put them; the
/// quota's counts hear of them from here (<see cref="QuotaReads.Queued"/>) rather than reading them again.
/// </summary>
public sealed class QueueWriter
{
    private readonly GroupCommit<Message> _commits;
    private readonly NewEventsInterceptor? _events;
    private readonly QuotaReads _quota;

    /// <param name="events">The app's nudges for new events (webhooks), as its contexts have them; none where its contexts have none.</param>
    public QueueWriter(IDbContextFactory<SmartSenderDbContext> contexts, QuotaReads quota, ILogger<QueueWriter> logger, NewEventsInterceptor? events = null)
    {
        (_events, _quota) = (events, quota);
        _commits = new GroupCommit<Message>(contexts, WriteAsync, logger, "accepted messages");
    }

    public Task StoreAsync(Message message) => _commits.WriteAsync(message);

    private async Task WriteAsync(SmartSenderDbContext db, IReadOnlyList<Message> messages)
    {
        var deltas = RollupDeltas.OfQueued(messages);
        // API requests wait for this commit: it goes ahead of delivery's and the jobs' writes.
        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None, ahead: true))
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
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

            await RollupWriter.WriteAsync(db, deltas, CancellationToken.None, queuedToldToQuota: true);
            await transaction.CommitAsync();
        }

        _quota.Queued(messages);
        _events?.Stored([]);
    }
}
