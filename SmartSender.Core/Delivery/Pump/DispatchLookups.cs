using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// What dispatching a claimed batch needs to know of each message's account and From domain, kept in memory while
/// their tables are unchanged: claims come many times a second, and these rarely change.
/// </summary>
public sealed class DispatchLookups(IDbContextFactory<SmartSenderDbContext> contexts, SendingDomainCache domains, IOptions<DatabaseOptions> options)
{
    private readonly ReadCache<Guid, AccountRoute> _accounts = new(options.Value.CacheTime, CachedTable.Accounts);

    /// <summary>Each account's IP pool, and whether support closed it meanwhile.</summary>
    public async Task<Dictionary<Guid, AccountRoute>> AccountsOfAsync(IReadOnlyList<Message> claimed, CancellationToken ct)
    {
        var routes = new Dictionary<Guid, AccountRoute>();
        foreach (var id in claimed.Select(m => m.AccountId).Distinct())
        {
            routes[id] = await _accounts.GetAsync(id, ReadAccountAsync, ct) ?? AccountRoute.Unknown;
        }

        return routes;
    }

    /// <summary>The sending domain each message is signed for, by account and From domain; absent when there is none.</summary>
    public async Task<Dictionary<(Guid, string), SendingDomain>> SigningDomainsAsync(IReadOnlyList<Message> claimed, CancellationToken ct)
    {
        var signing = new Dictionary<(Guid, string), SendingDomain>();
        foreach (var key in claimed.Select(m => (m.AccountId, OutgoingMessageBuilder.FromDomainOf(m))).Distinct())
        {
            if (await domains.FindAsync(key.AccountId, key.Item2, ct) is { } domain)
            {
                signing[key] = domain;
            }
        }

        return signing;
    }

    private async Task<AccountRoute?> ReadAccountAsync(Guid id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => new AccountRoute(a.IpPool, a.ClosedAt != null)).FirstOrDefaultAsync();
    }
}

public sealed record AccountRoute(string? Pool, bool Closed)
{
    public static readonly AccountRoute Unknown = new(null, false);
}
