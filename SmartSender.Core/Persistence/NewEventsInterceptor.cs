using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Persistence;

/// <summary>Tells the <see cref="Webhooks.WebhookKick"/> when a save stored new events, wherever they were recorded.</summary>
public sealed class NewEventsInterceptor(Lazy<Webhooks.WebhookKick> kick) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, object> _withEvents = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Note(eventData.Context);
        return base.SavingChangesAsync(eventData, result, ct);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Announce(eventData.Context);
        return base.SavedChangesAsync(eventData, result, ct);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Announce(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<MessageEvent>().Any(e => e.State == EntityState.Added))
        {
            _withEvents.AddOrUpdate(context, this);
        }
    }

    private void Announce(DbContext? context)
    {
        if (context is not null && _withEvents.Remove(context))
        {
            try
            {
                kick.Value.Kick();
            }
            catch (Exception)
            {
                // The events are stored; the minute's webhook job dispatches them if this nudge could not.
            }
        }
    }
}
