namespace SmartSender.Core.Contacts;

/// <summary>
/// A kind of mail an account's contacts can choose to get or not (a newsletter, product news, offers), across its
/// lists: a campaign about a topic goes only to contacts who did not leave it, and its unsubscribe link leaves that
/// topic alone. A contact who never chose is on it when <see cref="SubscribedByDefault"/>.
/// </summary>
public sealed class Topic
{
    private Topic()
    {
    }

    public Topic(Guid accountId, string name, string? description, bool subscribedByDefault, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = accountId;
        Name = name.Trim();
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        SubscribedByDefault = subscribedByDefault;
        CreatedAt = now;
    }

    public const int NameLength = 100;

    public const int DescriptionLength = 500;

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public string? Description { get; private set; }

    /// <summary>Opt-out topics (true) reach every contact who did not leave them; opt-in ones only those who joined.</summary>
    public bool SubscribedByDefault { get; private set; }

    public DateTime CreatedAt { get; private set; }
}
