namespace SmartSender.Core.Contacts;

public enum SubscriptionStatus
{
    Subscribed,
    Unsubscribed,
    Bounced,
    Complained,
}

/// <summary>A contact on a list, and whether it may be sent that list's mail: subscribed, or unsubscribed (when and how), bounced or complained.</summary>
public sealed class ListMembership
{
    private ListMembership()
    {
    }

    public ListMembership(Guid listId, Guid contactId, DateTime now, string how)
    {
        ListId = listId;
        ContactId = contactId;
        Status = SubscriptionStatus.Subscribed;
        ChangedAt = now;
        How = how;
    }

    public Guid ListId { get; private set; }

    public Guid ContactId { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public DateTime ChangedAt { get; private set; }

    /// <summary>How the status came about: "import", "api", "one-click unsubscribe from campaign Spring sale", …</summary>
    public string How { get; private set; } = "";

    public void Change(SubscriptionStatus status, DateTime now, string how)
    {
        (Status, ChangedAt, How) = (status, now, how.Length <= 200 ? how : how[..200]);
    }
}
