namespace SmartSender.Core.Reputation;

/// <summary>One UTC day of what reputation reads: messages submitted, marketing messages submitted, and the bad outcomes among them.</summary>
public sealed record DailyCounts(DateOnly Day, long Submitted, long HardBounces, long Complaints, long MarketingSubmitted, long Unsubscribes, long ContentFailures)
{
    public static DailyCounts Empty(DateOnly day) => new(day, 0, 0, 0, 0, 0, 0);

    public (long Count, long Of) For(ReputationFactor factor) => factor switch
    {
        ReputationFactor.Bounces => (HardBounces, Submitted),
        ReputationFactor.Complaints => (Complaints, Submitted),
        ReputationFactor.Unsubscribes => (Unsubscribes, MarketingSubmitted),
        _ => (ContentFailures, Submitted + ContentFailures),
    };
}
