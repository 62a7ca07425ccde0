namespace SmartSender.Core.Accounts;

/// <summary>A customer of the installation. Every user, key and message belongs to exactly one account.</summary>
public class Account
{
    /// <summary>The account the operator's own administrators belong to, created with the first administrator.</summary>
    public const string OperatorAccountName = "Operator";

    private Account()
    {
    }

    public Account(string name, DateTime createdAt)
    {
        Id = Guid.NewGuid();
        Name = name.Trim();
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
}
