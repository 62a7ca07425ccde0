using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// A save that stores new message events adds them to the analytics rollups in the same transaction, so the rollups
/// never disagree with the events (<see cref="RollupDeltas"/>), and counts them for the metrics once committed.
/// </summary>
public sealed class EventRollups : ISaveStep
{
    public bool Applies(DbContext db) => db.ChangeTracker.Entries<MessageEvent>().Any(e => e.State == EntityState.Added);

    public async Task<ISaveStepRun> StartAsync(DbContext db, CancellationToken ct)
    {
        var context = (SmartSenderDbContext)db;
        var added = db.ChangeTracker.Entries<MessageEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        return new Run(context, added, await RollupDeltas.ComputeAsync(context, added, ct));
    }

    private sealed class Run(SmartSenderDbContext db, List<MessageEvent> added, Dictionary<RollupKey, RollupDelta> deltas) : ISaveStepRun
    {
        public Task BeforeCommitAsync(CancellationToken ct) => RollupWriter.WriteAsync(db, deltas, ct);

        public void Committed()
        {
            if (MessageMetrics.Enabled)
            {
                var messages = db.ChangeTracker.Entries<Message>().Select(e => e.Entity).ToDictionary(m => m.Id);
                MessageMetrics.Stored(added, id => messages.GetValueOrDefault(id));
            }
        }
    }
}
