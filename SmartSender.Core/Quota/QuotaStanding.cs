using SmartSender.Core.Reputation;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Quota;

/// <summary>An account's quota now: its limits (from the level or set by hand), what it used over the last 24 hours, and when room frees up.</summary>
public sealed record QuotaStanding(Guid AccountId, ReputationLevel Level, int DailyLimit, double PerSecond, long Used, DateTime? RoomAt)
{
    public ManualQuota? Manual { get; init; }

    public DateTime? WarnedAt { get; init; }

    /// <summary>Support closed the account; see <c>Accounts/Closure</c>.</summary>
    public bool Closed { get; init; }

    public bool Paused => DailyLimit == 0;

    public double Share => DailyLimit == 0 ? 1 : (double)Used / DailyLimit;
}
