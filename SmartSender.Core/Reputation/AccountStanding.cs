using SmartSender.Core.Accounts;
namespace SmartSender.Core.Reputation;

/// <summary>A row of the Admins' reputation table.</summary>
public sealed record AccountStanding(
    Guid AccountId, string Name, ReputationLevel Level, string? Reason, DateTime? ChangedAt,
    long Submitted30Days, double BounceRate, double ComplaintRate, ManualQuota? ManualQuota, int Held);
