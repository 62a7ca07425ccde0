namespace SmartSender.Core.Reputation;

/// <summary>What the reputation is judged on; each is a rate of the account's mail.</summary>
public enum ReputationFactor
{
    /// <summary>Hard bounces (and refusals at delivery) per message sent.</summary>
    Bounces,

    /// <summary>Spam complaints per message sent.</summary>
    Complaints,

    /// <summary>Unsubscribes per marketing message sent.</summary>
    Unsubscribes,

    /// <summary>Messages refused by the content review per message submitted.</summary>
    ContentReviews,
}
