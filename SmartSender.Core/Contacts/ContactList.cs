namespace SmartSender.Core.Contacts;

/// <summary>A named list of an account's contacts, each with a subscription status of its own.</summary>
public sealed class ContactList
{
    private ContactList()
    {
    }

    public ContactList(Guid accountId, string name, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = accountId;
        Name = name.Trim();
        CreatedAt = now;
    }

    public const int NameLength = 100;

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }
}
