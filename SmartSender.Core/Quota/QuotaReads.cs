using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Quota;

/// <summary>What the quota is judged from, read for every submission: kept in memory until the account or the hourly totals change.</summary>
public sealed class QuotaReads(IDbContextFactory<SmartSenderDbContext> contexts, AccountCache accounts, IOptions<DatabaseOptions> options)
{
    private readonly ReadCache<(Guid AccountId, DateTime Since), QueuedHours> _hours = new(options.Value.CacheTime, CachedTable.HourlyTotals);

    /// <summary>The account: its reputation, hand-set quota, last warning and closure.</summary>
    public Task<Account?> AccountAsync(Guid accountId, CancellationToken ct) => accounts.FindAsync(accountId, ct);

    /// <summary>Messages queued per hour since <paramref name="since"/>, oldest first.</summary>
    public async Task<QueuedHours> QueuedSinceAsync(Guid accountId, DateTime since, CancellationToken ct) =>
        (await _hours.GetAsync((accountId, since), async key =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            var hours = await db.HourlyTotals.AsNoTracking()
                .Where(r => r.AccountId == key.AccountId && r.Tag == "" && r.Type == MessageEventType.Queued && r.Bucket >= key.Since)
                .GroupBy(r => r.Bucket).Select(g => new { Bucket = g.Key, Count = g.Sum(r => r.Count) }).ToListAsync();
            return new QueuedHours([.. hours.OrderBy(h => h.Bucket).Select(h => (h.Bucket, h.Count))]);
        }, ct))!;
}

public sealed record QueuedHours(IReadOnlyList<(DateTime Bucket, long Count)> Hours)
{
    public long Used => Hours.Sum(h => h.Count);
}
