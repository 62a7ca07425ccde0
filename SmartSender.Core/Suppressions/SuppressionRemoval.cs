namespace SmartSender.Core.Suppressions;

/// <summary>The record that an address left the suppression list: what it was there for, who took it off and why. Kept for good.</summary>
public class SuppressionRemoval
{
    private SuppressionRemoval()
    {
    }

    public SuppressionRemoval(Suppression removed, string removedBy, string? why, DateTime now)
    {
        AccountId = removed.AccountId;
        Address = removed.Address;
        Reason = removed.Reason;
        ListedAt = removed.CreatedAt;
        RemovedBy = removedBy;
        Why = why;
        RemovedAt = now;
    }

    public long Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Address { get; private set; } = "";

    public SuppressionReason Reason { get; private set; }

    public DateTime ListedAt { get; private set; }

    /// <summary>The user's email, or "API key NAME".</summary>
    public string RemovedBy { get; private set; } = "";

    public string? Why { get; private set; }

    public DateTime RemovedAt { get; private set; }
}
