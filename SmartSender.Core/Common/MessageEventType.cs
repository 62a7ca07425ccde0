namespace SmartSender.Core.Common;

/// <summary>
/// What happened to a message. The values are stored as numbers: a new one goes at the end. A message is
/// <see cref="Delivered"/> when the receiving server accepted it; <see cref="DeliveryConfirmed"/> is a later notice
/// that it reached the mailbox.
/// </summary>
public enum MessageEventType
{
    /// <summary>Accepted by SmartSender and queued (the API's, SMTP's or the dashboard's submission).</summary>
    Queued,

    /// <summary>The receiving server accepted it (its 250 reply).</summary>
    Delivered,

    /// <summary>The receiving server asked to try again later (a 4xx reply, or no connection); it will be retried.</summary>
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

    /// <summary>A later server's notice (a DSN with action "delivered") that it reached the mailbox.</summary>
    DeliveryConfirmed,
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
