using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Blocklists;

/// <summary>
/// The sending IPs listed on any blocklist, for the pools to take out of rotation when <c>Blocklists:RemoveListedIps</c>
/// is on: read again only when a listing was written (here, or on PostgreSQL by another instance).
/// </summary>
public sealed class ListedSendingIps(IOptions<BlocklistOptions> options, IDbContextFactory<SmartSenderDbContext> contexts) : IListedIps
{
    private long _seenVersion = -1;

    public async Task<IReadOnlySet<string>?> ChangedAsync(CancellationToken ct)
    {
        if (!options.Value.RemoveListedIps)
        {
            return null;
        }

        var version = TableVersions.Of(CachedTable.Blocklists);
        if (version == Volatile.Read(ref _seenVersion))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var listed = await db.BlocklistListings.AsNoTracking().Where(l => l.Kind == BlocklistTargets.Ip && l.State == ListingState.Listed)
            .Select(l => l.Target).Distinct().ToListAsync(ct);
        Volatile.Write(ref _seenVersion, version);
        return listed.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
