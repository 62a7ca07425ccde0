namespace SmartSender.Core.Messages;

/// <summary>What happened to a message.</summary>
public enum MessageEventType
{
    Queued,
    Sent,
    Deferred,

    /// <summary>Refused for good while it was being sent (a 5xx reply, or no signing key).</summary>
    Failed,
    Expired,

    /// <summary>Accepted, then returned by a later server with a permanent failure (a DSN).</summary>
    HardBounced,

    /// <summary>Accepted, then returned with a temporary failure.</summary>
    SoftBounced,

    /// <summary>The recipient reported it as spam (ARF).</summary>
    Complained,

    /// <summary>A later server reported it delivered to the mailbox.</summary>
    Delivered,
    Opened,
    Clicked,
    Unsubscribed,

    /// <summary>Taken out of the queue unsent: the account was closed.</summary>
    Cancelled,

    /// <summary>
    /// A report about the message that changes nothing, kept as evidence: one not bound to the message (not sent to
    /// its return path or a feedback-loop address, so anyone could have written it), or one that is no complaint
    /// (a DMARC failure report, a not-spam report).
    /// </summary>
    Reported,
}

/// <summary>Where an event's evidence came from.</summary>
public enum EventSource
{
    /// <summary>SmartSender itself: the submission, a schedule, an account's action.</summary>
    SmartSender,

    /// <summary>The receiving server's reply during delivery.</summary>
    SmtpReply,

    /// <summary>A delivery status notification that came back later (RFC 3464 or a server's own words).</summary>
    Dsn,

    /// <summary>A feedback-loop report (ARF, RFC 5965).</summary>
    Arf,

    /// <summary>A request to the tracking host: a pixel, a link, an unsubscribe.</summary>
    Tracking,
}
