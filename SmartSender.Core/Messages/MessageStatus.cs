namespace SmartSender.Core.Messages;

public enum MessageStatus
{
    /// <summary>Accepted and waiting for a delivery attempt (also between retries after a deferral).</summary>
    Queued,

    /// <summary>The receiving server accepted it.</summary>
    Delivered,

    /// <summary>Refused for good; the last reply says why.</summary>
    Failed,

    /// <summary>Deferred until it grew older than <c>Delivery:MaxAge</c>; the last reply says why it never went.</summary>
    Expired,

    /// <summary>Accepted, then returned by a later server as undeliverable (a hard bounce).</summary>
    Bounced,

    /// <summary>Marketing mail kept back while the account's reputation is Bad; it goes back to the queue when released.</summary>
    Held,

    /// <summary>Never sent: the account was closed while the message waited.</summary>
    Cancelled,
}
