namespace SmartSender.Core.Messages;

/// <summary>One entry of a message's timeline. Events are only ever appended.</summary>
public class MessageEvent
{
    private MessageEvent()
    {
    }

    internal MessageEvent(Guid messageId, MessageEventType type, DateTime occurredAt, string? detail)
    {
        MessageId = messageId;
        Type = type;
        OccurredAt = occurredAt;
        Detail = detail;
    }

    public long Id { get; private set; }

    public Guid MessageId { get; private set; }

    public MessageEventType Type { get; private set; }

    public DateTime OccurredAt { get; private set; }

    /// <summary>The evidence: the server's reply line, or why the event happened.</summary>
    public string? Detail { get; private set; }
}
