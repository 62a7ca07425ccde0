using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
namespace SmartSender.Core.Users;

/// <summary>
/// An invitation to join an account with a role, sent by email. The link carries a secret whose hash is kept here;
/// it works once, until <see cref="ExpiresAt"/>, and not after it was withdrawn.
/// </summary>
public class Invitation
{
    private Invitation()
    {
    }

    public Invitation(Guid accountId, string email, AccountRole role, string tokenHash, string invitedBy, DateTime now, TimeSpan lifetime)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        Email = email;
        Role = role;
        TokenHash = tokenHash;
        InvitedBy = invitedBy;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Email { get; private set; } = "";

    public AccountRole Role { get; private set; }

    public string TokenHash { get; private set; } = "";

    public string InvitedBy { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DateTime ExpiresAt { get; private set; }

    public DateTime? AcceptedAt { get; private set; }

    public DateTime? WithdrawnAt { get; private set; }

    public bool IsOpen(DateTime now) => AcceptedAt is null && WithdrawnAt is null && now < ExpiresAt;

    internal void Accept(DateTime now) => AcceptedAt = now;

    internal void Withdraw(DateTime now) => WithdrawnAt = now;
}
