namespace SmartSender.Core.Reputation;

/// <summary>What would move the account up, and how soon it would drop at its recent pace.</summary>
public sealed record ReputationOutlook(string? Up, string? Drop);
