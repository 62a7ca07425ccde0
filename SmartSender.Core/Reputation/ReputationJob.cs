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
