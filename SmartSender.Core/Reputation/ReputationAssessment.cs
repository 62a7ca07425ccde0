using SmartSender.Core.Accounts;
namespace SmartSender.Core.Reputation;

/// <summary>One factor over one window: how many bad outcomes of how many messages, and the level that rate alone means.</summary>
public sealed record FactorReading(ReputationFactor Factor, int WindowDays, long Count, long Of, FactorThresholds Thresholds, bool Judged)
{
    public double Rate => Of == 0 ? 0 : (double)Count / Of;

    /// <summary>Bad or Low when the rate reaches those thresholds on enough volume; null when the factor is fine.</summary>
    public ReputationLevel? Level => !Judged ? null : Rate >= Thresholds.Bad ? ReputationLevel.Bad : Rate >= Thresholds.Low ? ReputationLevel.Low : null;

    /// <summary>The rate as a share of the Low threshold: 1 is at the threshold.</summary>
    public double Severity => Judged && Thresholds.Low > 0 ? Rate / Thresholds.Low : 0;
}

/// <summary>A factor's readings over both windows, the one that weighs most, and its share of the account's trouble.</summary>
public sealed record FactorSummary(ReputationFactor Factor, FactorReading Short, FactorReading Long, double Contribution)
{
    /// <summary>The reading that decides: the worse of the two, the short window on a tie.</summary>
    public FactorReading Deciding => Rank(Long.Level) > Rank(Short.Level) ? Long : Short;

    internal static int Rank(ReputationLevel? level) => level switch
    {
        ReputationLevel.Bad => 2,
        ReputationLevel.Low => 1,
        _ => 0,
    };
}

/// <summary>An account's reputation as judged now, with every figure behind it and a sentence that says why.</summary>
public sealed record ReputationAssessment(ReputationLevel Level, string Reason, IReadOnlyList<FactorSummary> Factors, long LongWindowSent);
