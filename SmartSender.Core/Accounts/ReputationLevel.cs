namespace SmartSender.Core.Accounts;

/// <summary>How much the installation trusts an account's mail, worst first; the quota follows it.</summary>
public enum ReputationLevel
{
    Bad,
    Low,
    Normal,
    Good,
}
