using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.SystemMail;

namespace SmartSender.Core.Closure;

/// <summary>What became of a message to the support address.</summary>
public enum ClosureMailOutcome
{
    /// <summary>A confirmation link went to the Owner's registered address.</summary>
    ConfirmationSent,

    /// <summary>The sender is no user here; nothing is answered, so forged mail causes no backscatter.</summary>
    UnknownSender,

    /// <summary>The sender is a user but not an Owner of the account.</summary>
    NotOwner,

    /// <summary>The account is already closed or its closure already requested.</summary>
    AlreadyRequested,
}

/// <summary>A closure waiting for confirmation, as the link's page shows it.</summary>
public sealed record PendingClosure(Guid Id, string AccountName, string Email, string Reason, DateTime ExpiresAt);

/// <summary>
/// The closure request by email: an Owner writes to <see cref="AccountsOptions.SupportAddress"/> from their registered
/// address; SmartSender mails a confirmation link to that address; the link makes it the same request the Account
/// page makes, with the mail's subject and text as the reason.
/// </summary>
public sealed class ClosureByEmail(
    IDbContextFactory<SmartSenderDbContext> contexts, SystemMailer mailer, IOptions<AccountsOptions> options, TimeProvider clock)
{
    public const string ConfirmPath = "/closure/confirm/";

    public async Task<ClosureMailOutcome> ReceiveAsync(MimeMessage message, CancellationToken ct = default)
    {
        var from = message.From.Mailboxes.FirstOrDefault()?.Address?.Trim() ?? "";
        await using var db = await contexts.CreateDbContextAsync(ct);
        var normalized = from.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is null)
        {
            return ClosureMailOutcome.UnknownSender;
        }

        var account = await db.Accounts.FirstAsync(a => a.Id == user.AccountId, ct);
        if (user.Role != AccountRole.Owner)
        {
            await mailer.SendAsync(user.Email!, $"Only an Owner can close {account.Name}", $"""
                Hello,

                SmartSender received your mail asking to close the account {account.Name}. Only an Owner of the account can close it; ask one of them to write from their own address, or to use the Account page.
                """, ct);
            return ClosureMailOutcome.NotOwner;
        }

        if (account.ClosureRequestedAt is not null || account.IsClosed)
        {
            return ClosureMailOutcome.AlreadyRequested;
        }

        var reason = ReasonOf(message);
        var token = SecretToken.Generate();
        var now = clock.GetUtcNow().UtcDateTime;
        var confirmation = new ClosureConfirmation(account.Id, user.Email!, reason, SecretToken.Hash(token), now, options.Value.ClosureConfirmationLifetime);
        db.ClosureConfirmations.Add(confirmation);
        await db.SaveChangesAsync(ct);
        await mailer.SendAsync(user.Email!, $"Confirm closing {account.Name}", $"""
            Hello,

            SmartSender received your mail asking to close the account {account.Name}, saying:

            {reason}

            To confirm, open this link and press the button:
            {options.Value.Link(ConfirmPath + token)}

            Nothing happens without that. The link works until {confirmation.ExpiresAt:yyyy-MM-dd HH:mm} UTC.
            """, ct);
        return ClosureMailOutcome.ConfirmationSent;
    }

    public async Task<Result<PendingClosure>> FindAsync(string? token, CancellationToken ct = default)
    {
        var found = await LoadAsync(token, ct);
        return found is null ? AccountErrors.ConfirmationUnknown() : Result<PendingClosure>.Success(found);
    }

    /// <summary>Makes the emailed request a closure request, exactly as the Account page would have.</summary>
    public async Task<Result<Account>> ConfirmAsync(string? token, CancellationToken ct = default)
    {
        var found = await LoadAsync(token, ct);
        if (found is null)
        {
            return AccountErrors.ConfirmationUnknown();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var confirmation = await db.ClosureConfirmations.FirstAsync(c => c.Id == found.Id, ct);
        var account = await db.Accounts.FirstAsync(a => a.Id == confirmation.AccountId, ct);
        if (account.ClosureRequestedAt is not null || account.IsClosed)
        {
            return AccountErrors.ClosureAlreadyRequested();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        confirmation.Confirm(now);
        account.RequestClosure(confirmation.Reason, confirmation.Email, now);
        await db.SaveChangesAsync(ct);
        return Result<Account>.Success(account);
    }

    private async Task<PendingClosure?> LoadAsync(string? token, CancellationToken ct)
    {
        if (!SecretToken.LooksValid(token))
        {
            return null;
        }

        var hash = SecretToken.Hash(token!);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await (from c in db.ClosureConfirmations.AsNoTracking()
                           join a in db.Accounts.AsNoTracking() on c.AccountId equals a.Id
                           where c.TokenHash == hash
                           select new { c.Id, a.Name, c.Email, c.Reason, c.ExpiresAt, c.ConfirmedAt }).FirstOrDefaultAsync(ct);
        return found is null || found.ConfirmedAt is not null || found.ExpiresAt <= clock.GetUtcNow().UtcDateTime
            ? null
            : new PendingClosure(found.Id, found.Name, found.Email, found.Reason, found.ExpiresAt);
    }

    private static string ReasonOf(MimeMessage message)
    {
        var text = (message.TextBody ?? "").Trim();

        // Quoted earlier mail and signatures are not the reason.
        var lines = text.ReplaceLineEndings("\n").Split('\n').TakeWhile(l => l.TrimEnd() != "--" && !l.StartsWith('>')).ToList();
        var reason = $"{message.Subject?.Trim()}\n{string.Join('\n', lines).Trim()}".Trim();
        reason = reason.Length == 0 ? "(by email, no reason given)" : reason;
        return reason.Length > AccountClosure.MaxReasonLength ? reason[..AccountClosure.MaxReasonLength] : reason;
    }
}
