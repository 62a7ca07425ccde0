namespace SmartSender.Core.Accounts;

/// <summary>A quota an Admin set by hand for an account, with the reason and who set it.</summary>
public sealed record ManualQuota(int DailyLimit, double PerSecond, string Reason, string SetBy, DateTime SetAt);
