using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Quota;

/// <summary>
/// The account's quota: a daily limit over the last 24 hours (counted from the hourly rollups of queued mail) and a
/// per-second rate, from its reputation level or set by an Admin. A submission over either is refused before
/// anything is queued; at <see cref="QuotaOptions.WarnAt"/> of the daily limit the account is warned once a day.
/// </summary>
public sealed class AccountQuota(
    IDbContextFactory<SmartSenderDbContext> contexts, QuotaReads reads, IOptions<QuotaOptions> options, SendRateLimiter limiter, AccountNotices notices, TimeProvider clock)
{
    /// <summary>How long a paused account is told to wait: reputation is judged again within the hour.</summary>
    public static readonly TimeSpan PausedRetry = TimeSpan.FromHours(1);

    public async Task<QuotaStanding?> GetAsync(Guid accountId, CancellationToken ct = default)
    {
        var account = await reads.AccountAsync(accountId, ct);
        if (account is null)
        {
            return null;
        }

        var level = options.Value.For(account.Reputation);
        var (limit, perSecond) = account.ManualQuota is { } manual ? (manual.DailyLimit, manual.PerSecond) : (level.DailyLimit, level.PerSecond);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-23);
        var queued = await reads.QueuedSinceAsync(accountId, since, ct);
        var used = queued.Used;

        // The oldest hours leave the window first; room opens when enough of them have left.
        DateTime? roomAt = null;
        var left = used;
        foreach (var hour in queued.Hours)
        {
            if (left < limit)
            {
                break;
            }

            left -= hour.Count;
            roomAt = hour.Bucket.AddHours(24);
        }

        return new QuotaStanding(accountId, account.Reputation, limit, perSecond, used, roomAt) { Manual = account.ManualQuota, WarnedAt = account.QuotaWarnedAt, Closed = account.ClosedAt is not null };
    }

    /// <summary>Room for one more message? <paramref name="take"/> uses up a second's token (a submission); a preview only looks.</summary>
    public async Task<Result<QuotaStanding>> CheckAsync(Guid accountId, bool take, CancellationToken ct = default)
    {
        var standing = await GetAsync(accountId, ct);
        if (standing is null)
        {
            return Result<QuotaStanding>.Failure([new Error("account_not_found", "No such account.")]);
        }

        // Support closed the account: nothing more is accepted from it.
        if (standing.Closed)
        {
            return Accounts.AccountErrors.AccountClosed();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (standing.Paused)
        {
            return QuotaExceededError.SendingPaused(PausedRetry);
        }

        if (standing.Used >= standing.DailyLimit)
        {
            var wait = (standing.RoomAt ?? now.AddHours(1)) - now;
            return QuotaExceededError.DailyLimit(standing.DailyLimit, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
        }

        if (take && standing.PerSecond > 0 && limiter.TryTake(accountId, standing.PerSecond) is { } rateWait)
        {
            return QuotaExceededError.PerSecond(standing.PerSecond, rateWait);
        }

        return Result<QuotaStanding>.Success(standing);
    }

    /// <summary>After a message was queued: warns the account once a day when it nears its daily limit.</summary>
    public async Task NoteQueuedAsync(QuotaStanding before, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (before.Used + 1 < options.Value.WarnAt * before.DailyLimit || before.WarnedAt > now.AddHours(-24))
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstAsync(a => a.Id == before.AccountId, ct);
        if (account.QuotaWarnedAt > now.AddHours(-24))
        {
            return;
        }

        account.WarnedOfQuota(now);
        await notices.AddAsync(db, account.Id, AccountNotices.QuotaWarning,
            new { accountId = account.Id, used = before.Used + 1, dailyLimit = before.DailyLimit, share = Math.Round((before.Used + 1.0) / before.DailyLimit, 3), level = before.Level.ToString() }, now, ct);
        await db.SaveChangesAsync(ct);
        notices.Sent();
    }
}
