using SmartSender.Core.Common;
namespace SmartSender.Core.Messages;

/// <summary>One entry of a message's timeline. Events are only ever appended.</summary>
public class MessageEvent
{
    public const int MaxLink = 500;

    private string? _link;

    private MessageEvent()
    {
    }

    internal MessageEvent(Guid messageId, MessageEventType type, DateTime occurredAt, string? detail, EventSource source, bool machine = false)
    {
        Machine = machine;
        MessageId = messageId;
        Type = type;
        OccurredAt = occurredAt;
        Detail = detail is { Length: > 4000 } ? detail[..4000] : detail;
        Source = source;
    }

    public long Id { get; private set; }

    public Guid MessageId { get; private set; }

    public MessageEventType Type { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public EventSource Source { get; private set; }

    /// <summary>An open or click by a security scanner or link prefetcher, not by the recipient.</summary>
    public bool Machine { get; private set; }

    /// <summary>The evidence: the server's reply line, the DSN's status and diagnostic, the user agent, or why it happened.</summary>
    public string? Detail { get; private set; }

    /// <summary>The mailbox provider of the message's lane when it happened; empty before it was routed.</summary>
    public string? Provider { get; internal init; }

    /// <summary>Why mail failed or bounced (a <c>BounceReason</c> name), for the bounce-reason chart.</summary>
    public string? Reason { get; internal init; }

    /// <summary>The URL of the link a click followed.</summary>
    public string? Link
    {
        get => _link;
        internal init => _link = value is { Length: > MaxLink } ? value[..MaxLink] : value;
    }
}
