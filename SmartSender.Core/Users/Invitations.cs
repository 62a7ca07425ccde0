using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.SystemMail;

namespace SmartSender.Core.Users;

/// <summary>An invitation made: its link, and why its mail did not go when it did not (the inviter then passes the link on).</summary>
public sealed record InvitationSent(Invitation Invitation, string Link, Error? MailError);

/// <summary>An open invitation as its link shows it.</summary>
public sealed record InvitationView(Guid Id, string AccountName, string Email, AccountRole Role, DateTime ExpiresAt);

/// <summary>
/// Invitations by email: an Owner (or an Admin creating an account) invites an address with a role; the link in the
/// mail lets the person set their own password once, before it expires; then they sign in as a user of the account.
/// </summary>
public sealed class Invitations(
    IDbContextFactory<SmartSenderDbContext> contexts, UserManager<AppUser> users, SystemMailer mailer, IOptions<AccountsOptions> options, TimeProvider clock)
{
    public const string AcceptPath = "/invitation/";

    public async Task<Result<InvitationSent>> InviteAsync(Guid accountId, string? email, AccountRole role, string invitedBy, CancellationToken ct = default)
    {
        email = email?.Trim() ?? "";
        if (!Addresses.IsValidMailbox(email))
        {
            return AccountErrors.EmailInvalid();
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return AccountErrors.EmailTaken(email);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        if (account.IsClosed)
        {
            return AccountErrors.AccountClosed();
        }

        // A new invitation to the same address replaces the open one, so only the newest link works.
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var open in await db.Invitations.Where(i => i.AccountId == accountId && i.Email == email && i.AcceptedAt == null && i.WithdrawnAt == null).ToListAsync(ct))
        {
            open.Withdraw(now);
        }

        var token = SecretToken.Generate();
        var invitation = new Invitation(accountId, email, role, SecretToken.Hash(token), invitedBy, now, options.Value.InvitationLifetime);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(ct);

        var link = options.Value.Link(AcceptPath + token);
        var mail = await mailer.SendAsync(email, $"You are invited to {account.Name} on SmartSender", Body(account.Name, invitedBy, role, link, invitation.ExpiresAt), ct);
        return Result<InvitationSent>.Success(new InvitationSent(invitation, link, mail.Succeeded ? null : mail.Errors[0]));
    }

    /// <summary>The invitation a link opens, while it is open.</summary>
    public async Task<Result<InvitationView>> FindAsync(string? token, CancellationToken ct = default)
    {
        if (!SecretToken.LooksValid(token))
        {
            return AccountErrors.InvitationUnknown();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var hash = SecretToken.Hash(token!);
        var found = await (from i in db.Invitations.AsNoTracking()
                           join a in db.Accounts.AsNoTracking() on i.AccountId equals a.Id
                           where i.TokenHash == hash
                           select new { Invitation = i, a.Name, a.ClosedAt }).FirstOrDefaultAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (found is null || found.Invitation.WithdrawnAt is not null || found.ClosedAt is not null)
        {
            return AccountErrors.InvitationUnknown();
        }

        if (found.Invitation.AcceptedAt is not null)
        {
            return AccountErrors.InvitationUsed();
        }

        if (!found.Invitation.IsOpen(now))
        {
            return AccountErrors.InvitationExpired(found.Invitation.ExpiresAt);
        }

        var open = found.Invitation;
        return Result<InvitationView>.Success(new InvitationView(open.Id, found.Name, open.Email, open.Role, open.ExpiresAt));
    }

    /// <summary>Creates the user with the password they chose; the invitation is used up.</summary>
    public async Task<Result<AppUser>> AcceptAsync(string? token, string? password, string? confirmation, CancellationToken ct = default)
    {
        var view = await FindAsync(token, ct);
        if (!view.Succeeded)
        {
            return Result<AppUser>.Failure(view.Errors);
        }

        if (string.IsNullOrEmpty(password) || password != confirmation)
        {
            return AccountErrors.PasswordsDiffer();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.FirstAsync(i => i.Id == view.Value!.Id, ct);
        var user = new AppUser
        {
            UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, AccountId = invitation.AccountId, Role = invitation.Role,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Result<AppUser>.Failure([.. created.Errors.Select(e => AccountErrors.Identity(e.Code, e.Description))]);
        }

        invitation.Accept(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result<AppUser>.Success(user);
    }

    /// <summary>The account's invitations not yet accepted or withdrawn, newest first, expired ones included.</summary>
    public async Task<IReadOnlyList<Invitation>> ListOpenAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Invitations.AsNoTracking().Where(i => i.AccountId == accountId && i.AcceptedAt == null && i.WithdrawnAt == null)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
    }

    public async Task<Result<Invitation>> WithdrawAsync(Guid accountId, Guid invitationId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.AccountId == accountId && i.AcceptedAt == null && i.WithdrawnAt == null, ct);
        if (invitation is null)
        {
            return AccountErrors.InvitationUnknown();
        }

        invitation.Withdraw(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result<Invitation>.Success(invitation);
    }

    private static string Body(string account, string invitedBy, AccountRole role, string link, DateTime expiresAt) => $"""
        Hello,

        {invitedBy} invites you to the account {account} on SmartSender, as {role}: {role.Describe().ToLowerInvariant()}.

        Choose your password here to accept:
        {link}

        The link works once, until {expiresAt:yyyy-MM-dd HH:mm} UTC. If you did not expect this invitation, ignore this mail.
        """;
}
