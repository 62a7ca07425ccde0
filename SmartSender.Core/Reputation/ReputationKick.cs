using Hangfire;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Reputation;

/// <summary>Starts a <see cref="ReputationJob"/> for an account after its feedback is stored, at most every few seconds per account.</summary>
public class ReputationKick(IBackgroundJobClient jobs, TimeProvider clock) : INewEventsListener
{
    private readonly AtMostEvery<Guid> _judgements = new(TimeSpan.FromSeconds(5), clock);

    public void EventsStored(IReadOnlyCollection<Guid> feedbackAccounts)
    {
        foreach (var account in feedbackAccounts)
        {
            Kick(account);
        }
    }

    public void Kick(Guid accountId)
    {
        if (!_judgements.TryPass(accountId))
        {
            return;
        }

        // Delayed by the gap, so the rest of a burst of feedback, which kicks no job of its own, is in the same judgement.
        jobs.Schedule<ReputationJob>(job => job.RecomputeAsync(accountId, CancellationToken.None), _judgements.Gap);
    }
}
