namespace SmartSender.Core.Accounts;

/// <summary>A customer of the installation. Every user, key and message belongs to exactly one account.</summary>
public class Account
{
    /// <summary>The name the operator's account gets when the first administrator is made without one (from the command line).</summary>
    public const string DefaultOperatorAccountName = "Operator";

    private Account()
    {
    }

    public Account(string name, DateTime createdAt)
    {
        Id = Guid.NewGuid();
        Name = name.Trim();
        CreatedAt = createdAt;
    }

    /// <summary>The account of the operator's own administrators, named at setup; one per installation, never closed.</summary>
    public static Account ForOperator(string name, DateTime createdAt) => new(name, createdAt) { IsOperator = true };

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The operator's own account: its administrators run the installation, and it cannot be closed.</summary>
    public bool IsOperator { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>How templates format numbers and dates, e.g. <c>en-US</c> or <c>de-DE</c>.</summary>
    public string Culture { get; private set; } = DefaultCulture;

    /// <summary>The sender's postal address, printed in the footer of marketing mail (CAN-SPAM) when set.</summary>
    public string? PostalAddress { get; private set; }

    public const string DefaultCulture = "en-US";

    /// <summary>The IP pool the account's mail leaves from; null for the default (shared) pool.</summary>
    public string? IpPool { get; private set; }

    /// <summary>Whether opens and clicks are tracked per stream, and whether transactional mail carries an unsubscribe link.</summary>
    public TrackingSettings Tracking { get; private set; } = TrackingSettings.Default;

    /// <summary>The level judged from the account's mail; the quota follows it unless an Admin set one by hand.</summary>
    public ReputationLevel Reputation { get; private set; } = ReputationLevel.Normal;

    /// <summary>Why the account has its level, in a sentence with the figures.</summary>
    public string? ReputationReason { get; private set; }

    public DateTime? ReputationChangedAt { get; private set; }

    /// <summary>The quota an Admin set by hand, in place of the level's; null follows the level.</summary>
    public ManualQuota? ManualQuota { get; private set; }

    /// <summary>When the account was last warned that it neared its daily quota.</summary>
    public DateTime? QuotaWarnedAt { get; private set; }

    internal void Judge(ReputationLevel level, string reason, DateTime now)
    {
        if (level != Reputation)
        {
            ReputationChangedAt = now;
        }

        (Reputation, ReputationReason) = (level, reason);
    }

    internal void SetManualQuota(ManualQuota? quota) => ManualQuota = quota;

    internal void WarnedOfQuota(DateTime now) => QuotaWarnedAt = now;

    /// <summary>When an Owner asked to close the account; null while nobody has. Nothing is deleted until support handles it.</summary>
    public DateTime? ClosureRequestedAt { get; private set; }

    public string? ClosureReason { get; private set; }

    public string? ClosureRequestedBy { get; private set; }

    internal void RequestClosure(string reason, string by, DateTime now) => (ClosureRequestedAt, ClosureReason, ClosureRequestedBy) = (now, reason, by);

    internal void CancelClosure() => (ClosureRequestedAt, ClosureReason, ClosureRequestedBy) = (null, null, null);

    /// <summary>When support approved the closure: sending stopped, keys were revoked. Null while the account is open.</summary>
    public DateTime? ClosedAt { get; private set; }

    /// <summary>The Admin who approved the closure.</summary>
    public string? ClosedBy { get; private set; }

    /// <summary>When the purge removed the account's personal data and message content; the account cannot be reopened after it.</summary>
    public DateTime? PurgedAt { get; private set; }

    /// <summary>The SHA-256 of the secret in the export link sent to the Owner, and when the link stops working.</summary>
    public string? ExportTokenHash { get; private set; }

    public DateTime? ExportExpiresAt { get; private set; }

    public bool IsClosed => ClosedAt is not null;

    internal void Close(string by, DateTime now) => (ClosedAt, ClosedBy) = (now, by);

    internal void OfferExport(string tokenHash, DateTime expiresAt) => (ExportTokenHash, ExportExpiresAt) = (tokenHash, expiresAt);

    internal void Reopen() => (ClosedAt, ClosedBy, ClosureRequestedAt, ClosureReason, ClosureRequestedBy, ExportTokenHash, ExportExpiresAt) = (null, null, null, null, null, null, null);

    internal void Purged(DateTime now) => (PurgedAt, ExportTokenHash, ExportExpiresAt, ClosureReason, PostalAddress) = (now, null, null, null, null);

    internal void UseIpPool(string? pool) => IpPool = pool;

    internal void ChangeTracking(TrackingSettings tracking) => Tracking = tracking;

    internal void ChangeSendingSettings(string culture, string? postalAddress) => (Culture, PostalAddress) = (culture, postalAddress);

    /// <summary>Days a message's content (bodies and attachments) is kept; null means the operator's default (<c>Retention:ContentDays</c>).</summary>
    public int? ContentRetentionDays { get; private set; }

    internal void ChangeContentRetention(int? days) => ContentRetentionDays = days;
}
