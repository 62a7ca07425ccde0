using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// A save with new message events (recorded on a tracked message: an open, a bounce, a cancellation, …) hands them to
/// the <see cref="EventWriter"/>: the change tracker lets go of them before the save's statements, and the writer
/// stores them, with their rollups, after the rest and before the commit.
/// </summary>
public sealed class SavedEvents : ISaveStep
{
    public ISaveStepRun? Prepare(DbContext db)
    {
        var added = db.ChangeTracker.Entries<MessageEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        return added.Count == 0 ? null : new Run((SmartSenderDbContext)db, added);
    }

    private sealed class Run(SmartSenderDbContext db, List<MessageEvent> added) : ISaveStepRun
    {
        private Dictionary<RollupKey, RollupDelta> _deltas = [];
        private Dictionary<Guid, Message> _messages = [];

        public async Task BeforeSaveAsync(CancellationToken ct)
        {
            (_deltas, _messages) = await EventWriter.DeltasOfTrackedAsync(db, added, ct);

            // The deltas may have changed the messages (their first open or click): seen now, then the events let go.
            db.ChangeTracker.DetectChanges();
            foreach (var e in added)
            {
                db.Entry(e).State = EntityState.Detached;
            }
        }

        public Task BeforeCommitAsync(CancellationToken ct) => EventWriter.StageTrackedAsync(db, added, _deltas, ct);

        public void Committed()
        {
            // The deltas were worked out from every event's message.
            EventWriter.Committed([.. added.GroupBy(e => e.MessageId).Select(g => (_messages[g.Key], (IReadOnlyList<MessageEvent>)[.. g]))], NewEvents.Of(db));
        }
    }
}
