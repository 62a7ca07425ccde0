using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Tells the listeners (<see cref="INewEventsListener"/>: webhooks, reputation) that new events were stored, and which
/// accounts got feedback that counts for reputation; <see cref="EventWriter.Committed"/> calls it once a write of
/// events is committed. The contexts carry it among their interceptors (it intercepts nothing), so a save finds it
/// (<see cref="Of"/>). The listeners are found when first needed: they use the contexts it is part of.
/// </summary>
public sealed class NewEvents(Func<IEnumerable<INewEventsListener>> listeners) : IInterceptor
{
    private static readonly HashSet<MessageEventType> Feedback =
        [MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.Complained, MessageEventType.Unsubscribed];

    private INewEventsListener[]? _listeners;

    /// <summary>Feedback that counts for the account's reputation.</summary>
    public static bool IsFeedback(MessageEventType type) => Feedback.Contains(type);

    /// <summary>The one the context was made with; none for a context made without (a bare tool or test).</summary>
    internal static NewEvents? Of(SmartSenderDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<NewEvents>().FirstOrDefault();

    /// <summary>New events were committed; <paramref name="feedbackAccounts"/> got feedback among them.</summary>
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
