using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;

namespace SmartSender.Core.Reputation;

/// <summary>What Admins do about reputation: see every account's, set or clear a quota by hand, release held mail. Each action is kept in the history with its reason.</summary>
public sealed class ReputationAdmin(IDbContextFactory<SmartSenderDbContext> contexts, IOptions<ReputationOptions> options, MarketingHold hold, TimeProvider clock)
{
    public async Task<IReadOnlyList<AccountStanding>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Name)
            .Select(a => new { a.Id, a.Name, a.Reputation, a.ReputationReason, a.ReputationChangedAt, a.ManualQuota }).ToListAsync(ct);
        var held = await MarketingHold.CountsAsync(db, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - options.Value.LongWindowDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        // Every account's long-window totals in one grouped read of the daily rollups, not one read per account.
        MessageEventType[] counted = [MessageEventType.Queued, MessageEventType.Failed, MessageEventType.HardBounced, MessageEventType.Complained];
        var totals = (await db.DailyTotals.AsNoTracking()
                .Where(r => r.Tag == "" && r.Bucket >= from && counted.Contains(r.Type) && r.Provider != SimulatorAddresses.Provider)
                .GroupBy(r => new { r.AccountId, r.Type }).Select(g => new { g.Key.AccountId, g.Key.Type, Count = g.Sum(r => r.Count) }).ToListAsync(ct))
            .ToLookup(t => t.AccountId);
        var rows = new List<AccountStanding>(accounts.Count);
        foreach (var a in accounts)
        {
            long Of(params MessageEventType[] types) => totals[a.Id].Where(t => types.Contains(t.Type)).Sum(t => (long)t.Count);
            var sent = Of(MessageEventType.Queued);
            double Rate(long count) => sent == 0 ? 0 : count / (double)sent;
            rows.Add(new AccountStanding(a.Id, a.Name, a.Reputation, a.ReputationReason, a.ReputationChangedAt, sent,
                Rate(Of(MessageEventType.Failed, MessageEventType.HardBounced)), Rate(Of(MessageEventType.Complained)), a.ManualQuota, held.GetValueOrDefault(a.Id)));
        }

        return rows;
    }

    public async Task<Result<ManualQuota>> SetQuotaAsync(Guid accountId, int dailyLimit, double perSecond, string? reason, string by, CancellationToken ct = default)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(reason))
        {
            errors.Add(ReputationErrors.ReasonRequired());
        }

        if (dailyLimit < 0)
        {
            errors.Add(ReputationErrors.DailyLimitInvalid());
        }

        if (perSecond <= 0 || double.IsNaN(perSecond))
        {
            errors.Add(ReputationErrors.PerSecondInvalid());
        }

        if (errors.Count > 0)
        {
            return Result<ManualQuota>.Failure(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return ReputationErrors.AccountNotFound();
        }

        var quota = new ManualQuota(dailyLimit, perSecond, reason!.Trim(), by, now);
        db.ReputationChanges.Add(new ReputationChange(accountId, ReputationChangeKind.Quota, Describe(account.ManualQuota), Describe(quota), quota.Reason, by, now));
        account.SetManualQuota(quota);
        await db.SaveChangesAsync(ct);
        return Result<ManualQuota>.Success(quota);
    }

    public async Task<Result<bool>> ClearQuotaAsync(Guid accountId, string? reason, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ReputationErrors.ReasonRequired();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return ReputationErrors.AccountNotFound();
        }

        db.ReputationChanges.Add(new ReputationChange(accountId, ReputationChangeKind.Quota, Describe(account.ManualQuota), Describe(null), reason.Trim(), by, clock.GetUtcNow().UtcDateTime));
        account.SetManualQuota(null);
        await db.SaveChangesAsync(ct);
        return Result<bool>.Success(true);
    }

    public async Task<Result<int>> ReleaseAsync(Guid accountId, string? reason, string by, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ReputationErrors.ReasonRequired();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
        {
            return ReputationErrors.AccountNotFound();
        }

        var released = await hold.ReleaseAsync(db, accountId, now, ct);
        if (released == 0)
        {
            return ReputationErrors.NothingHeld();
        }

        db.ReputationChanges.Add(new ReputationChange(accountId, ReputationChangeKind.Release, $"{released:N0} held", "queued", reason.Trim(), by, now));
        await db.SaveChangesAsync(ct);
        return Result<int>.Success(released);
    }

    private static string Describe(ManualQuota? quota) => quota is null ? "follows the level" : $"{quota.DailyLimit:N0}/day, {quota.PerSecond:0.##}/s";
}
