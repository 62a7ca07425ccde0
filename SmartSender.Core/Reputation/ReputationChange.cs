namespace SmartSender.Core.Reputation;

public enum ReputationChangeKind
{
    /// <summary>The level moved, judged from the account's mail.</summary>
    Level,

    /// <summary>An Admin set the quota by hand, or gave it back to the level.</summary>
    Quota,

    /// <summary>Marketing mail held while the account was Bad went back to the queue.</summary>
    Release,
}

/// <summary>One entry of an account's reputation history: what changed, from what to what, why, and who did it. Never changed afterwards.</summary>
public class ReputationChange
{
    private ReputationChange()
    {
    }

    public ReputationChange(Guid accountId, ReputationChangeKind kind, string from, string to, string reason, string by, DateTime at)
    {
        Id = Guid.CreateVersion7(at);
        AccountId = accountId;
        Kind = kind;
        From = from;
        To = to;
        Reason = reason;
        By = by;
        At = at;
    }

    /// <summary>Who changes a level: the reputation service itself.</summary>
    public const string System = "SmartSender";

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public ReputationChangeKind Kind { get; private set; }

    public string From { get; private set; } = "";

    public string To { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string By { get; private set; } = "";

    public DateTime At { get; private set; }
}
