using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.SystemMail;
using SmartSender.Core.Users;

namespace SmartSender.Core.Closure;

/// <summary>An export written and its link mailed (or not, with why).</summary>
public sealed record ExportOffered(Account Account, string Link, DateTime ExpiresAt, DateTime PurgeAt, Error? MailError);

/// <summary>What an approval did, for support's confirmation and the audit log.</summary>
public sealed record ClosureApproved(Account Account, int CancelledMessages, int RevokedKeys, int SignedOutUsers, string ExportLink, DateTime PurgeAt, Error? MailError);

/// <summary>
/// Support's decisions on closure requests. Approving stops the account at once: submissions are refused
/// (<c>account_closed</c>), waiting mail is cancelled with an event, keys are revoked, sessions end, webhooks and
/// recurring work skip it; the Owner gets a link to the export. Nothing is deleted until the purge after the
/// retention period, and until then an Admin can reopen the account.
/// </summary>
public sealed class ClosureDecisions(
    IDbContextFactory<SmartSenderDbContext> contexts, AccountExport export, SystemMailer mailer, IOptions<AccountsOptions> options, TimeProvider clock)
{
    public const string ExportPath = "/account-export/";
    private const int Batch = 500;

    public async Task<Result<ClosureApproved>> ApproveAsync(Guid accountId, string approvedBy, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int keys, users;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var found = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
            if (found is null)
            {
                return AccountErrors.AccountNotFound(accountId.ToString());
            }

            if (found.ClosureRequestedAt is null || found.IsClosed)
            {
                return AccountErrors.ClosureNotOpen();
            }

            // Closed first: from this save on, the sending policy refuses the account's submissions.
            found.Close(approvedBy, now);
            await db.Invitations.Where(i => i.AccountId == accountId && i.AcceptedAt == null && i.WithdrawnAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.WithdrawnAt, now), ct);
            keys = await db.ApiKeys.Where(k => k.AccountId == accountId && k.RevokedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(k => k.RevokedAt, now), ct);

            // A new security stamp ends every session of the account's users (see SessionRevalidation).
            var members = await db.Users.Where(u => u.AccountId == accountId).ToListAsync(ct);
            foreach (var member in members)
            {
                member.SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
                member.ConcurrencyStamp = Guid.NewGuid().ToString();
            }

            users = members.Count;
            await db.SaveChangesAsync(ct);
        }

        var cancelled = await CancelWaitingAsync(accountId, now, ct);

        var offered = await OfferExportAsync(accountId, $"waiting mail was cancelled ({cancelled:N0} messages)", ct);
        return Result<ClosureApproved>.Success(new ClosureApproved(offered.Account, cancelled, keys, users, offered.Link, offered.PurgeAt, offered.MailError));
    }

    /// <summary>
    /// A fresh export and a new link for a closed account, mailed like the first: when the first link expired, or the
    /// approval stopped before it was sent. The old link stops working.
    /// </summary>
    public async Task<Result<ExportOffered>> OfferExportAgainAsync(Guid accountId, CancellationToken ct = default)
    {
        var account = await FindClosedAsync(accountId, ct);
        if (!account.Succeeded)
        {
            return Result<ExportOffered>.Failure(account.Errors);
        }

        return Result<ExportOffered>.Success(await OfferExportAsync(accountId, "nothing has changed since", ct));
    }

    private async Task<ExportOffered> OfferExportAsync(Guid accountId, string sinceClosing, CancellationToken ct)
    {
        await export.WriteAsync(accountId, ct);
        var token = SecretToken.Generate();
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + options.Value.ExportLifetime;
        Account account;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            account = await db.Accounts.FirstAsync(a => a.Id == accountId, ct);
            account.OfferExport(SecretToken.Hash(token), expires);
            await db.SaveChangesAsync(ct);
        }

        var link = options.Value.Link(ExportPath + token);
        var purgeAt = account.ClosedAt!.Value + options.Value.ClosureRetention;
        var mail = await mailer.SendAsync(account.ClosureRequestedBy ?? "", $"Your SmartSender account {account.Name} is closed", $"""
            Hello,

            As you asked, the SmartSender account {account.Name} is closed: it sends no more mail, its API keys no longer work and {sinceClosing}.

            Your data (messages and their events, templates, suppressions, domains) is in this export, as JSON and CSV in a ZIP file:
            {link}

            The link works until {expires:yyyy-MM-dd HH:mm} UTC. The account's data is deleted on {purgeAt:yyyy-MM-dd} UTC; until then support can reopen it if you change your mind.
            """, ct);
        return new ExportOffered(account, link, expires, purgeAt, mail.Succeeded ? null : mail.Errors[0]);
    }

    private async Task<Result<Account>> FindClosedAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        return account switch
        {
            null => AccountErrors.AccountNotFound(accountId.ToString()),
            { PurgedAt: not null } => AccountErrors.AlreadyPurged(),
            { ClosedAt: null } => AccountErrors.NotClosed(),
            _ => Result<Account>.Success(account),
        };
    }

    public async Task<Result<Account>> RejectAsync(Guid accountId, string? reason, CancellationToken ct = default)
    {
        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return AccountErrors.RejectionReasonRequired();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null || account.ClosureRequestedAt is null || account.IsClosed)
        {
            return AccountErrors.ClosureNotOpen();
        }

        var requester = account.ClosureRequestedBy;
        account.CancelClosure();
        await db.SaveChangesAsync(ct);
        if (requester is not null)
        {
            await mailer.SendAsync(requester, $"Your request to close {account.Name} was not carried out", $"""
                Hello,

                Support did not close the SmartSender account {account.Name}, for this reason:

                {reason}

                The account stays open and nothing was changed. Reply to support if you still want it closed.
                """, ct);
        }

        return Result<Account>.Success(account);
    }

    /// <summary>Opens a closed account again, before the purge. Revoked keys stay revoked and cancelled mail stays cancelled.</summary>
    public async Task<Result<Account>> ReopenAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        if (account.PurgedAt is not null)
        {
            return AccountErrors.AlreadyPurged();
        }

        if (!account.IsClosed)
        {
            return AccountErrors.NotClosed();
        }

        account.Reopen();
        await db.SaveChangesAsync(ct);
        await export.DeleteAsync(accountId, ct);
        return Result<Account>.Success(account);
    }

    /// <summary>The export a link opens, while the link works: the account's name and the file to read.</summary>
    public async Task<(string Name, Stream File)?> FindExportAsync(string? token, CancellationToken ct = default)
    {
        if (!SecretToken.LooksValid(token))
        {
            return null;
        }

        var hash = SecretToken.Hash(token!);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.ExportTokenHash == hash).Select(a => new { a.Id, a.Name, a.ExportExpiresAt }).FirstOrDefaultAsync(ct);
        if (account is null || !(account.ExportExpiresAt > clock.GetUtcNow().UtcDateTime))
        {
            return null;
        }

        return await export.OpenAsync(account.Id, ct) is { } file ? (account.Name, file) : null;
    }

    private async Task<int> CancelWaitingAsync(Guid accountId, DateTime now, CancellationToken ct)
    {
        var cancelled = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var waiting = await db.Messages.Where(m => m.AccountId == accountId && (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held))
                .OrderBy(m => m.CreatedAt).Take(Batch).ToListAsync(ct);
            if (waiting.Count == 0)
            {
                return cancelled;
            }

            foreach (var message in waiting)
            {
                message.Cancel(Message.CancelledForClosure, now);
            }

            await db.SaveChangesAsync(ct);
            cancelled += waiting.Count;
        }
    }
}
