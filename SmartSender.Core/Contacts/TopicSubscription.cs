namespace SmartSender.Core.Contacts;

/// <summary>A contact's own choice about a topic (subscribed, or unsubscribed when and how); without one the topic's default stands.</summary>
public sealed class TopicSubscription
{
    private TopicSubscription()
    {
    }

    public TopicSubscription(Guid topicId, Guid contactId, SubscriptionStatus status, DateTime now, string how)
    {
        TopicId = topicId;
        ContactId = contactId;
        Change(status, now, how);
    }

    public Guid TopicId { get; private set; }

    public Guid ContactId { get; private set; }

    public SubscriptionStatus Status { get; private set; }

    public DateTime ChangedAt { get; private set; }

    public string How { get; private set; } = "";

    public void Change(SubscriptionStatus status, DateTime now, string how) =>
        (Status, ChangedAt, How) = (status, now, how.Length <= 200 ? how : how[..200]);
}
