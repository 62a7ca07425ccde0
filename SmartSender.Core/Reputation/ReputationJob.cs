using System.Collections.Concurrent;
using Hangfire;

namespace SmartSender.Core.Reputation;

/// <summary>Judges every account on a schedule, and one account soon after a batch of its feedback (bounces, complaints, unsubscribes).</summary>
public class ReputationJob(AccountReputation reputation)
{
    public const string RecurringId = "reputation";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken ct) => reputation.RecomputeAllAsync(ct);

    [AutomaticRetry(Attempts = 3)]
    public Task RecomputeAsync(Guid accountId, CancellationToken ct) => reputation.RecomputeAsync(accountId, ct);
}

/// <summary>Starts a <see cref="ReputationJob"/> for an account after its feedback is stored, at most every few seconds per account.</summary>
public class ReputationKick(IBackgroundJobClient jobs)
{
    private const long MinimumGap = 5_000;
    private readonly ConcurrentDictionary<Guid, long> _last = new();

    public void Kick(Guid accountId)
    {
        var now = Environment.TickCount64;
        var last = _last.GetOrAdd(accountId, now - MinimumGap);
        if (now - last < MinimumGap || !_last.TryUpdate(accountId, now, last))
        {
            return;
        }

        // Delayed by the gap, so the rest of a burst of feedback, which kicks no job of its own, is in the same judgement.
        jobs.Schedule<ReputationJob>(job => job.RecomputeAsync(accountId, CancellationToken.None), TimeSpan.FromMilliseconds(MinimumGap));
    }
}
