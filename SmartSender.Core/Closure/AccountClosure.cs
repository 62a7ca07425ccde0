using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Closure;

/// <summary>An account whose closure was requested, as support's queue shows it.</summary>
public sealed record ClosureRequest(Guid AccountId, string Name, DateTime RequestedAt, string Reason, string RequestedBy, int QueuedMessages, int HeldMessages);

/// <summary>
/// Closure requests: an Owner asks, with a reason and the account's name typed as confirmation; the account is
/// marked "closure requested" and nothing is deleted; the Owner can take the request back until support handles it.
/// </summary>
public sealed class AccountClosure(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public const int MaxReasonLength = 2000;

    public async Task<Result<Account>> RequestAsync(Guid accountId, string? reason, string? typedName, string by, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        if (account.IsOperator)
        {
            return AccountErrors.OperatorAccountNotClosable();
        }

        var errors = new List<Error>();
        if (account.ClosureRequestedAt is not null)
        {
            errors.Add(AccountErrors.ClosureAlreadyRequested());
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors.Add(AccountErrors.ClosureReasonRequired());
        }
        else if (reason.Length > MaxReasonLength)
        {
            errors.Add(AccountErrors.ClosureReasonTooLong(MaxReasonLength));
        }

        if (!string.Equals(typedName?.Trim(), account.Name, StringComparison.Ordinal))
        {
            errors.Add(AccountErrors.ClosureNameMismatch(account.Name));
        }

        if (errors.Count > 0)
        {
            return Result<Account>.Failure(errors);
        }

        account.RequestClosure(reason!, by, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result<Account>.Success(account);
    }

    public async Task<Result<Account>> CancelAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return AccountErrors.AccountNotFound(accountId.ToString());
        }

        if (account.ClosureRequestedAt is null)
        {
            return AccountErrors.ClosureNotRequested();
        }

        account.CancelClosure();
        await db.SaveChangesAsync(ct);
        return Result<Account>.Success(account);
    }

    /// <summary>Support's queue, oldest request first, with the mail each account still has waiting.</summary>
    public async Task<IReadOnlyList<ClosureRequest>> ListRequestsAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var requested = await db.Accounts.AsNoTracking().Where(a => a.ClosureRequestedAt != null && a.ClosedAt == null).OrderBy(a => a.ClosureRequestedAt)
            .Select(a => new { a.Id, a.Name, a.ClosureRequestedAt, a.ClosureReason, a.ClosureRequestedBy }).ToListAsync(ct);
        var ids = requested.Select(r => r.Id).ToList();
        var waiting = await db.Messages.Where(m => (m.Status == MessageStatus.Queued || m.Status == MessageStatus.Held) && ids.Contains(m.AccountId))
            .GroupBy(m => new { m.AccountId, m.Status }).Select(g => new { g.Key.AccountId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        int Count(Guid id, MessageStatus status) => waiting.Where(w => w.AccountId == id && w.Status == status).Sum(w => w.Count);
        return [.. requested.Select(r => new ClosureRequest(r.Id, r.Name, r.ClosureRequestedAt!.Value, r.ClosureReason ?? "", r.ClosureRequestedBy ?? "",
            Count(r.Id, MessageStatus.Queued), Count(r.Id, MessageStatus.Held)))];
    }
}
