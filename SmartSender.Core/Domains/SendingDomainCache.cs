using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Domains;

/// <summary>
/// Sending domains with their keys and checks, by account and name: the rule every submission meets, and the keys
/// every delivery signs with. Kept in memory while the domain tables are unchanged.
/// </summary>
public sealed class SendingDomainCache(IDbContextFactory<SmartSenderDbContext> contexts, IOptions<DatabaseOptions> options)
{
    private readonly ReadCache<(Guid AccountId, string Name), SendingDomain> _domains = new(options.Value.CacheTime, CachedTable.SendingDomains);

    /// <summary>The account's domain of this (normalized) name; shared, so never changed by its readers.</summary>
    public Task<SendingDomain?> FindAsync(Guid accountId, string name, CancellationToken ct = default) =>
        _domains.GetAsync((accountId, name), async key =>
        {
            // Without the history: it is not needed to send.
            await using var db = await contexts.CreateDbContextAsync();
            return await db.SendingDomains.AsNoTracking().AsSingleQuery().Include(d => d.Keys).Include(d => d.Checks)
                .FirstOrDefaultAsync(d => d.Name == key.Name && d.AccountId == key.AccountId);
        }, ct);
}
