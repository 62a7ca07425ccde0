using SmartSender.Core.Common;
namespace SmartSender.Core.Messages;

/// <summary>What happened to a message, as the Analytics charts count it; the message log filters by it.</summary>
public enum MessageOutcome
{
    Delivered,
    Deferred,

    /// <summary>Refused during delivery, bounced later (hard or soft), or given up after retrying.</summary>
    Bounced,
    Opened,
    Clicked,
    Complained,
    Unsubscribed,
}

/// <summary>
/// Which messages of an account the log shows or exports. Without an outcome, the range applies to when messages
/// were created; with one, to when that outcome happened, so a chart's bar and its messages agree.
/// </summary>
public sealed record MessageFilter
{
    public static MessageFilter None { get; } = new();

    public MessageStatus? Status { get; init; }

    /// <summary>Part of the recipient's address.</summary>
    public string? Recipient { get; init; }

    public string? Domain { get; init; }

    public string? Provider { get; init; }

    public Guid? TemplateId { get; init; }

    /// <summary>The campaign the messages are of.</summary>
    public Guid? CampaignId { get; init; }

    public string? Tag { get; init; }

    /// <summary>With <see cref="MetadataValue"/>: messages whose metadata holds exactly this key and value.</summary>
    public string? MetadataKey { get; init; }

    public string? MetadataValue { get; init; }

    public MessageStream? Stream { get; init; }

    public MessageOutcome? Outcome { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public static IReadOnlyList<MessageEventType> EventsOf(MessageOutcome outcome) => outcome switch
    {
        MessageOutcome.Delivered => [MessageEventType.Delivered],
        MessageOutcome.Deferred => [MessageEventType.Deferred],
        MessageOutcome.Bounced => [MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.SoftBounced, MessageEventType.Expired],
        MessageOutcome.Opened => [MessageEventType.Opened],
        MessageOutcome.Clicked => [MessageEventType.Clicked],
        MessageOutcome.Complained => [MessageEventType.Complained],
        _ => [MessageEventType.Unsubscribed],
    };
}
