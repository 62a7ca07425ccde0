namespace SmartSender.Core.Accounts;

public static class Roles
{
    /// <summary>The operator's role across all accounts.</summary>
    public const string Admin = "Admin";
}
