using System.ComponentModel.DataAnnotations;
using SmartSender.Core.Reputation;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Quota;

/// <summary>The quota of each reputation level: messages per 24 hours and per second. A daily limit of 0 pauses sending (Bad, by default).</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quota";

    public LevelQuota Bad { get; set; } = new() { DailyLimit = 0, PerSecond = 0 };

    public LevelQuota Low { get; set; } = new() { DailyLimit = 1_000, PerSecond = 1 };

    public LevelQuota Normal { get; set; } = new() { DailyLimit = 50_000, PerSecond = 14 };

    public LevelQuota Good { get; set; } = new() { DailyLimit = 500_000, PerSecond = 50 };

    /// <summary>The share of the daily quota at which the account is warned, on the Overview and by webhook.</summary>
    [Range(0.1, 1.0)]
    public double WarnAt { get; set; } = 0.9;

    public LevelQuota For(ReputationLevel level) => level switch
    {
        ReputationLevel.Bad => Bad,
        ReputationLevel.Low => Low,
        ReputationLevel.Normal => Normal,
        _ => Good,
    };
}

public sealed class LevelQuota
{
    [Range(0, int.MaxValue)]
    public int DailyLimit { get; set; }

    /// <summary>Messages per second; 0 sets no per-second limit (the daily limit still holds).</summary>
    [Range(0.0, 100_000.0)]
    public double PerSecond { get; set; }
}
