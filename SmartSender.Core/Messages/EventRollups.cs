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
    public ISaveStepRun? Prepare(DbContext db)
    {
        var added = db.ChangeTracker.Entries<MessageEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        return added.Count == 0 ? null : new Run((SmartSenderDbContext)db, added);
    }

    private sealed class Run(SmartSenderDbContext db, List<MessageEvent> added) : ISaveStepRun
    {
        private Dictionary<RollupKey, RollupDelta> _deltas = [];

        public async Task BeforeSaveAsync(CancellationToken ct) => _deltas = await RollupDeltas.ComputeAsync(db, added, ct);

        public Task BeforeCommitAsync(CancellationToken ct) => RollupWriter.WriteAsync(db, _deltas, ct);

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
