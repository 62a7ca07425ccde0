using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Stores accepted messages: concurrent submissions share a commit (and its flush to disk), and each returns only
/// once its own message is committed, so 202 Accepted still means on disk.
/// </summary>
public sealed class QueueWriter(IDbContextFactory<SmartSenderDbContext> contexts, ILogger<QueueWriter> logger)
{
    private readonly GroupCommit<Message> _commits = new(contexts, (db, messages) =>
    {
        // The batch only adds: looking for changes to what it added would be work for nothing.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Messages.AddRange(messages);
        return Task.CompletedTask;
    }, logger);

    public Task StoreAsync(Message message) => _commits.WriteAsync(message);
}
