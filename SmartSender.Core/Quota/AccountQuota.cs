using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Quota;

/// <summary>
/// The account's quota: a daily limit over the last 24 hours (counted from the hourly rollups of queued mail) and a
/// per-second rate, from its reputation level or set by an Admin. A submission over either is refused before
/// anything is queued; at <see cref="QuotaOptions.WarnAt"/> of the daily limit the account is warned once a day.
/// </summary>
public sealed class AccountQuota(
    IDbContextFactory<SmartSenderDbContext> contexts, QuotaReads reads, IOptions<QuotaOptions> options, SendRateLimiter limiter, IQuotaNotices notices, TimeProvider clock)
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
            return QuotaExceededError.DailyLimit(standing.DailyLimit, Later(standing.RoomAt ?? now.AddHours(1), now));
        }

        if (take && standing.PerSecond > 0 && limiter.TryTake(accountId, standing.PerSecond) is { } rateWait)
        {
            return QuotaExceededError.PerSecond(standing.PerSecond, rateWait);
        }

        return Result<QuotaStanding>.Success(standing);
    }

    /// <summary>For test mail, which uses no quota: only whether the account may send at all (not closed).</summary>
    public async Task<Result<QuotaStanding>> CheckOpenAsync(Guid accountId, CancellationToken ct = default)
    {
        var standing = await GetAsync(accountId, ct);
        return standing switch
        {
            null => Result<QuotaStanding>.Failure([new Error("account_not_found", "No such account.")]),
            { Closed: true } => Accounts.AccountErrors.AccountClosed(),
            _ => Result<QuotaStanding>.Success(standing),
        };
    }

    /// <summary>
    /// Room for a batch of <paramref name="count"/> messages, taken at once: the batch as a whole is refused as one
    /// message would be (closed, paused, no room left today, no token this second); otherwise as many as there is
    /// room and rate for are granted, and <see cref="QuotaReservation.Over"/> says why the rest are not.
    /// </summary>
    public async Task<Result<QuotaReservation>> ReserveAsync(Guid accountId, int count, CancellationToken ct = default)
    {
        var room = await CheckAsync(accountId, take: false, ct);
        if (!room.Succeeded)
        {
            return Result<QuotaReservation>.Failure(room.Errors);
        }

        var standing = room.Value!;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = (int)Math.Min(count, standing.DailyLimit - standing.Used);
        var overDaily = today < count ? QuotaExceededError.DailyLimit(standing.DailyLimit, Later(standing.RoomAt ?? now.AddHours(1), now)) : null;
        if (standing.PerSecond <= 0)
        {
            return Result<QuotaReservation>.Success(new QuotaReservation(standing, today, overDaily));
        }

        var (taken, wait) = limiter.TryTake(accountId, standing.PerSecond, today);
        return taken == 0
            ? QuotaExceededError.PerSecond(standing.PerSecond, wait!.Value)
            : Result<QuotaReservation>.Success(new QuotaReservation(standing, taken, taken < today ? QuotaExceededError.PerSecond(standing.PerSecond, wait!.Value) : overDaily));
    }

    private static TimeSpan Later(DateTime at, DateTime now) => at - now < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : at - now;

    /// <summary>After messages were queued: warns the account once a day when it nears its daily limit.</summary>
    public async Task NoteQueuedAsync(QuotaStanding before, CancellationToken ct = default, int count = 1)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (before.Used + count < options.Value.WarnAt * before.DailyLimit || before.WarnedAt > now.AddHours(-24))
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
        await notices.WarnAsync(db, account.Id,
            new { accountId = account.Id, used = before.Used + count, dailyLimit = before.DailyLimit, share = Math.Round((before.Used + (double)count) / before.DailyLimit, 3), level = before.Level.ToString() }, now, ct);
        await db.SaveChangesAsync(ct);
        notices.Sent();
    }
}
