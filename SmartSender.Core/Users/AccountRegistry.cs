using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;

namespace SmartSender.Core.Users;

/// <summary>Where an account stands, as the Admins' table shows it.</summary>
public enum AccountState
{
    Open,
    ClosureRequested,
    Closed,
    Purged,
}

/// <summary>One row of the Admins' accounts table.</summary>
public sealed record AccountSummary(Guid Id, string Name, DateTime CreatedAt, int Users, int OpenInvitations, ReputationLevel Reputation,
    AccountState State, DateTime? ClosedAt, DateTime? PurgeAt);

/// <summary>The Admins' view of every account: creating one (with an invitation for its first Owner) and listing them all.</summary>
public sealed class AccountRegistry(IDbContextFactory<SmartSenderDbContext> contexts, Invitations invitations, Microsoft.Extensions.Options.IOptions<AccountsOptions> options, TimeProvider clock)
{
    public const int MaxNameLength = 200;

    /// <summary>Creates the account and invites its first Owner; nothing is created when either is refused.</summary>
    public async Task<Result<InvitationSent>> CreateAsync(string? name, string? ownerEmail, string createdBy, CancellationToken ct = default)
    {
        name = name?.Trim() ?? "";
        var errors = new List<Error>();
        if (name.Length == 0)
        {
            errors.Add(AccountErrors.AccountNameRequired());
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(AccountErrors.AccountNameTooLong(MaxNameLength));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (name.Length > 0 && await db.Accounts.AnyAsync(a => a.Name == name, ct))
        {
            errors.Add(AccountErrors.AccountNameTaken(name));
        }

        var email = ownerEmail?.Trim() ?? "";
        if (!Common.Addresses.IsValidMailbox(email))
        {
            errors.Add(AccountErrors.EmailInvalid());
        }
        else if (await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct))
        {
            errors.Add(AccountErrors.EmailTaken(email));
        }

        if (errors.Count > 0)
        {
            return Result<InvitationSent>.Failure(errors);
        }

        var account = new Account(name, clock.GetUtcNow().UtcDateTime);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return await invitations.InviteAsync(account.Id, email, AccountRole.Owner, createdBy, ct);
    }

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Accounts.AsNoTracking().OrderBy(a => a.Name).Select(a => new
        {
            a.Id, a.Name, a.CreatedAt, a.Reputation, a.ClosureRequestedAt, a.ClosedAt, a.PurgedAt,
            Users = db.Users.Count(u => u.AccountId == a.Id),
            Invitations = db.Set<Invitation>().Count(i => i.AccountId == a.Id && i.AcceptedAt == null && i.WithdrawnAt == null && i.ExpiresAt > now),
        }).ToListAsync(ct);
        var retention = options.Value.ClosureRetention;
        return [.. rows.Select(r => new AccountSummary(r.Id, r.Name, r.CreatedAt, r.Users, r.Invitations, r.Reputation,
            r.PurgedAt is not null ? AccountState.Purged : r.ClosedAt is not null ? AccountState.Closed : r.ClosureRequestedAt is not null ? AccountState.ClosureRequested : AccountState.Open,
            r.ClosedAt, r.ClosedAt is { } closed && r.PurgedAt is null ? closed + retention : null))];
    }
}
