using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Events;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Turns new events into deliveries for the endpoints that want them. The event log is the outbox: a cursor marks how
/// far it has been read, and moves in the same transaction as the deliveries it made, so an event is neither lost nor
/// dispatched twice, even with several instances (the cursor is a concurrency token). An endpoint gets only events
/// that happened after it was added.
/// </summary>
public sealed class WebhookDispatcher(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    private const int BatchSize = 1_000;

    /// <summary>Dispatches everything new; returns the number of deliveries made.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct = default)
    {
        var made = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var cursor = await db.WebhookCursors.SingleAsync(c => c.Id == WebhookCursor.SingletonId, ct);
            // A closed account's endpoints, and endpoints turned off, receive nothing more; their events are passed over.
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => !e.Disabled && db.Set<Account>().Any(a => a.Id == e.AccountId && a.ClosedAt == null)).ToListAsync(ct);
            if (endpoints.Count == 0)
            {
                // Nobody listens: skip what happened so far, so a first endpoint does not start with a backlog.
                cursor.LastEventId = await db.MessageEvents.MaxAsync(e => (long?)e.Id, ct) ?? cursor.LastEventId;
                await SaveAsync(db, ct);
                return made;
            }

            var last = cursor.LastEventId;
            var events = await (from e in db.MessageEvents.AsNoTracking()
                                join m in db.Messages.AsNoTracking() on e.MessageId equals m.Id
                                where e.Id > last
                                orderby e.Id
                                select new { m.AccountId, Event = new EventRecord(e.Id, e.MessageId, m.To, e.Type, e.Source, e.Machine, e.OccurredAt, e.Detail) })
                .Take(BatchSize).ToListAsync(ct);
            if (events.Count == 0)
            {
                return made;
            }

            var byAccount = endpoints.ToLookup(e => e.AccountId);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var item in events)
            {
                foreach (var endpoint in byAccount[item.AccountId].Where(e => e.Receives(item.Event.Type) && item.Event.OccurredAt >= e.CreatedAt))
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery(endpoint, item.Event.Id, item.Event.Type.ToString(), WebhookPayload.Of(item.Event), now));
                    made++;
                }
            }

            cursor.LastEventId = events[^1].Event.Id;
            if (!await SaveAsync(db, ct) || events.Count < BatchSize)
            {
                return made;
            }
        }
    }

    /// <summary>False when another instance moved the cursor first; its deliveries stand and these are dropped.</summary>
    private static async Task<bool> SaveAsync(SmartSenderDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
