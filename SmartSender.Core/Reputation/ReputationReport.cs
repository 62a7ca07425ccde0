using SmartSender.Core.Accounts;
namespace SmartSender.Core.Reputation;

/// <summary>One day of the trend: the level as judged that day, and each factor's rate over the short window ending then.</summary>
public sealed record TrendPoint(DateOnly Day, ReputationLevel Level, IReadOnlyDictionary<ReputationFactor, double> Rates);

/// <summary>What the Reputation page shows: the stored level and why, today's figures behind it, the outlook, the trend and the history.</summary>
public sealed record ReputationReport(
    ReputationLevel Level, string? Reason, DateTime? ChangedAt, ReputationAssessment Assessment, ReputationOutlook Outlook,
    IReadOnlyList<TrendPoint> Trend, IReadOnlyList<ReputationChange> History, ReputationOptions Options)
{
    /// <summary>Marketing messages held while the account is Bad.</summary>
    public int Held { get; init; }
}
