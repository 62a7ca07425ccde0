using SmartSender.Core.Accounts;
namespace SmartSender.Core.Closure;

/// <summary>
/// A closure asked for by email, waiting for the Owner to confirm it by the link mailed to their registered address.
/// Only the confirmation makes it a request, so mail with a forged From closes nothing.
/// </summary>
public class ClosureConfirmation
{
    private ClosureConfirmation()
    {
    }

    public ClosureConfirmation(Guid accountId, string email, string reason, string tokenHash, DateTime now, TimeSpan lifetime)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        Email = email;
        Reason = reason;
        TokenHash = tokenHash;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Email { get; private set; } = "";

    public string Reason { get; private set; } = "";

    public string TokenHash { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime? ConfirmedAt { get; private set; }

    internal void Confirm(DateTime now) => ConfirmedAt = now;
}
