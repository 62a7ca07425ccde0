namespace SmartSender.Core.Messages;

/// <summary>Hears that new events were stored (<see cref="NewEvents"/>): webhooks post them, reputation looks again at the accounts given.</summary>
public interface INewEventsListener
{
    /// <param name="feedbackAccounts">The accounts that got feedback that counts for reputation (bounces, complaints, unsubscribes).</param>
    void EventsStored(IReadOnlyCollection<Guid> feedbackAccounts);
}
