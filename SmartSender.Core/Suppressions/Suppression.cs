namespace SmartSender.Core.Suppressions;

public enum SuppressionReason
{
    /// <summary>The receiving server said the address does not exist or cannot receive mail.</summary>
    HardBounce,

    /// <summary>The recipient reported the mail as spam.</summary>
    Complaint,

    /// <summary>The recipient unsubscribed.</summary>
    Unsubscribe,

    /// <summary>Added by the account.</summary>
    Manual,
}

/// <summary>An address an account no longer sends to, with why and the message that caused it.</summary>
public class Suppression
{
    private Suppression()
    {
    }

    public Suppression(Guid accountId, string address, SuppressionReason reason, string? detail, Guid? messageId, DateTime now)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        Address = Normalize(address);
        Reason = reason;
        Detail = detail is { Length: > 2000 } ? detail[..2000] : detail;
        MessageId = messageId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>Lower-cased, so Ann@Example.com and ann@example.com are one address.</summary>
    public string Address { get; private set; } = "";

    public SuppressionReason Reason { get; private set; }

    public string? Detail { get; private set; }

    public Guid? MessageId { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
