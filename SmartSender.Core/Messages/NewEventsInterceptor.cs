using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>
/// Tells the listeners (<see cref="INewEventsListener"/>: webhooks, reputation) when a save stored new events, wherever
/// they were recorded, and which accounts got feedback that counts for reputation. The listeners are found when first
/// needed: they use the contexts this interceptor is part of.
/// </summary>
public sealed class NewEventsInterceptor(Func<IEnumerable<INewEventsListener>> listeners) : SaveChangesInterceptor
{
    private static readonly HashSet<MessageEventType> Feedback =
        [MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.Complained, MessageEventType.Unsubscribed];

    private readonly ConditionalWeakTable<DbContext, HashSet<Guid>> _withEvents = [];
    private INewEventsListener[]? _listeners;

    /// <summary>Feedback that counts for the account's reputation.</summary>
    public static bool IsFeedback(MessageEventType type) => Feedback.Contains(type);

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
        if (context is null)
        {
            return;
        }

        var added = context.ChangeTracker.Entries<MessageEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return;
        }

        // Feedback is recorded on a tracked message; its account is what reputation judges.
        var feedback = added.Where(e => Feedback.Contains(e.Type)).Select(e => e.MessageId).ToHashSet();
        var accounts = feedback.Count == 0
            ? []
            : context.ChangeTracker.Entries<Message>().Where(m => feedback.Contains(m.Entity.Id)).Select(m => m.Entity.AccountId).ToHashSet();
        _withEvents.AddOrUpdate(context, accounts);
    }

    private void Announce(DbContext? context)
    {
        if (context is null || !_withEvents.TryGetValue(context, out var accounts))
        {
            return;
        }

        _withEvents.Remove(context);
        Stored(accounts);
    }

    /// <summary>For events stored outside SaveChanges (<see cref="Messages.QueueWriter"/>, the delivery outcomes): the same nudges.</summary>
    public void Stored(IReadOnlyCollection<Guid> feedbackAccounts)
    {
        try
        {
            foreach (var listener in _listeners ??= [.. listeners()])
            {
                listener.EventsStored(feedbackAccounts);
            }
        }
        catch (Exception)
        {
            // The events are stored; the minute's webhook job and the hourly reputation job see them if this nudge could not.
        }
    }
}
