namespace SmartSender.Core.Reputation;

/// <summary>One UTC day of what reputation reads: messages sent, marketing messages sent, and the bad outcomes among them.</summary>
public sealed record DailyCounts(DateOnly Day, long Sent, long HardBounces, long Complaints, long MarketingSent, long Unsubscribes, long ContentFailures)
{
    public static DailyCounts Empty(DateOnly day) => new(day, 0, 0, 0, 0, 0, 0);

    public (long Count, long Of) For(ReputationFactor factor) => factor switch
    {
        ReputationFactor.Bounces => (HardBounces, Sent),
        ReputationFactor.Complaints => (Complaints, Sent),
        ReputationFactor.Unsubscribes => (Unsubscribes, MarketingSent),
        _ => (ContentFailures, Sent + ContentFailures),
    };
}
