using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Accounts;

/// <summary>
/// Accounts as last saved, for what every submission and every claimed batch reads of them: sending settings, quota
/// and reputation, closure, IP pool. One read serves them all until an account changes.
/// </summary>
public sealed class AccountCache(IDbContextFactory<SmartSenderDbContext> contexts, IOptions<DatabaseOptions> options)
{
    private readonly ReadCache<Guid, Account> _accounts = new(options.Value.CacheTime, CachedTable.Accounts);

    /// <summary>The account, untracked; shared, so never changed by its readers.</summary>
    public Task<Account?> FindAsync(Guid accountId, CancellationToken ct = default) =>
        _accounts.GetAsync(accountId, async id =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            return await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);
        }, ct);
}
