namespace SmartSender.Core.Messages;

public enum MessageStatus
{
    /// <summary>Accepted and waiting for a delivery attempt (also between retries after a deferral).</summary>
    Queued,

    /// <summary>The next server accepted it.</summary>
    Sent,

    /// <summary>Refused for good, or given up after its retries; the last reply says why.</summary>
    Failed,
}
