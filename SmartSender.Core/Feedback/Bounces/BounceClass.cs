namespace SmartSender.Core.Feedback.Bounces;

/// <summary>What a report says about one recipient.</summary>
public enum BounceClass
{
    /// <summary>Not a failure: an auto-reply, a delivery or relay notice, a complaint.</summary>
    NotABounce,

    /// <summary>A failure that may pass: the address stays, retries decide.</summary>
    Soft,

    /// <summary>The address cannot receive mail: it is suppressed at once.</summary>
    Hard,
}
