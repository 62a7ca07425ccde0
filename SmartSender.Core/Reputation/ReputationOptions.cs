using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Reputation;

/// <summary>
/// How reputation is judged. The defaults follow what the large providers publish: Amazon SES reviews an account at
/// a 5 % bounce or 0.1 % complaint rate and pauses it at 10 % or 0.5 %.
/// </summary>
public sealed class ReputationOptions
{
    public const string Section = "Reputation";

    /// <summary>The short window: a sudden problem shows within days.</summary>
    [Range(1, 90)]
    public int ShortWindowDays { get; set; } = 7;

    /// <summary>The long window, over which Good is earned.</summary>
    [Range(1, 365)]
    public int LongWindowDays { get; set; } = 30;

    /// <summary>Fewer messages than this in a window are not judged, so three bounces of a new account change nothing.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumVolume { get; set; } = 100;

    /// <summary>Messages over the long window an account needs before it can be Good.</summary>
    [Range(1, int.MaxValue)]
    public int GoodMinimumVolume { get; set; } = 1_000;

    public FactorThresholds Bounces { get; set; } = new() { Low = 0.05, Bad = 0.10, Good = 0.02 };

    public FactorThresholds Complaints { get; set; } = new() { Low = 0.001, Bad = 0.005, Good = 0.0005 };

    public FactorThresholds Unsubscribes { get; set; } = new() { Low = 0.02, Bad = 0.05 };

    public FactorThresholds ContentReviews { get; set; } = new() { Low = 0.02, Bad = 0.10 };

    /// <summary>How often every account is judged again, besides after each batch of feedback.</summary>
    public TimeSpan RecomputeInterval { get; set; } = TimeSpan.FromHours(1);

    public FactorThresholds For(ReputationFactor factor) => factor switch
    {
        ReputationFactor.Bounces => Bounces,
        ReputationFactor.Complaints => Complaints,
        ReputationFactor.Unsubscribes => Unsubscribes,
        _ => ContentReviews,
    };
}

/// <summary>Rates (0.05 is 5 %) at which a factor makes the account Low or Bad, and under which it allows Good (none: any rate under Low).</summary>
public sealed class FactorThresholds
{
    [Range(0.0, 1.0)]
    public double Low { get; set; }

    [Range(0.0, 1.0)]
    public double Bad { get; set; }

    [Range(0.0, 1.0)]
    public double? Good { get; set; }

    public double GoodBelow => Good ?? Low;
}
