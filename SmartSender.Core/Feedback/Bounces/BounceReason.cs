namespace SmartSender.Core.Feedback.Bounces;

/// <summary>Why a recipient's mail came back. Only the first four make a bounce hard.</summary>
public enum BounceReason
{
    /// <summary>The mailbox does not exist.</summary>
    UserUnknown,

    /// <summary>The domain does not exist or has no mail server.</summary>
    HostUnknown,

    /// <summary>The recipient has moved and left no forwarding.</summary>
    HasMoved,

    /// <summary>The domain does not accept mail at all (null MX).</summary>
    NotAccept,

    MailboxFull,
    Suspended,
    Expired,
    Blocked,
    SpamDetected,
    VirusDetected,
    ContentError,
    MessageTooBig,
    Policy,
    AuthFailure,
    Filtered,
    Rejected,
    RateLimited,
    NetworkError,
    SystemError,
    Undefined,
}
