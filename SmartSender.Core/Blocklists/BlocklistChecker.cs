using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Blocklists;

/// <summary>
/// Checks every sending IP (against the IP lists) and every owned sending domain of an open account (against the
/// domain lists) on a schedule, at most <see cref="BlocklistOptions.QueriesPerSecond"/> queries a second; a list that
/// answers with one of its refusal codes is asked nothing more in that round. A new listing or a delisting is kept
/// with its time, logged as a warning, and sent as a <c>blocklist.listed</c> / <c>blocklist.delisted</c> webhook to
/// the accounts that send from that IP or own that domain, and to the operator's account.
/// </summary>
public sealed class BlocklistChecker(
    IDnsResolver dns, IOptions<BlocklistOptions> options, IpPools pools, IDbContextFactory<SmartSenderDbContext> contexts, AccountNotices notices,
    TimeProvider clock, ILogger<BlocklistChecker> log)
{
    public const string RecurringId = "blocklists";
    public const string ListedEvent = "blocklist.listed";
    public const string DelistedEvent = "blocklist.delisted";

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var targets = new Dictionary<BlocklistTargets, List<string>>
        {
            [BlocklistTargets.Ip] = [.. pools.Pools.Values.SelectMany(p => p).Select(ip => ip.Address.Trim())
                .Where(a => IPAddress.TryParse(a, out var ip) && !(settings.SkipPrivateTargets && !WebhookUrlPolicy.IsPublic(ip))).Distinct()],
            [BlocklistTargets.Domain] = [.. (await db.SendingDomains.AsNoTracking()
                    .Where(d => d.OwnedSince != null && db.Set<Account>().Any(a => a.Id == d.AccountId && a.ClosedAt == null))
                    .Select(d => d.Name).Distinct().ToListAsync(ct))
                .Where(d => !(settings.SkipPrivateTargets && IsReserved(d)))],
        };

        var rows = await db.BlocklistListings.ToListAsync(ct);
        var kept = new HashSet<BlocklistListing>();
        var changes = new List<BlocklistListing>();
        var gap = TimeSpan.FromSeconds(1.0 / settings.QueriesPerSecond);
        foreach (var list in settings.Lists.Where(l => l.Zone.Length > 0))
        {
            BlocklistAnswer? refusal = null;
            foreach (var target in targets[list.Checks])
            {
                var row = rows.FirstOrDefault(r => r.Target == target && r.Zone == list.Zone && r.Kind == list.Checks);
                if (row is null)
                {
                    rows.Add(row = new BlocklistListing(target, list.Checks, list));
                    db.BlocklistListings.Add(row);
                }

                kept.Add(row);
                var answer = refusal ?? await AskAsync(list, target, ct);
                if (row.Record(answer, clock.GetUtcNow().UtcDateTime) is not null)
                {
                    changes.Add(row);
                }

                if (answer is BlocklistAnswer.NoAnswer { Refused: true } && refusal is null)
                {
                    refusal = answer;
                    log.LogWarning("Blocklist {List} refused a query: {Reason}; it is asked nothing more this round", list.Name, ((BlocklistAnswer.NoAnswer)answer).Reason);
                }

                if (refusal is null)
                {
                    await Task.Delay(gap, ct);
                }
            }
        }

        db.BlocklistListings.RemoveRange(rows.Where(r => !kept.Contains(r) && db.Entry(r).State != EntityState.Added));
        var listedIps = rows.Where(r => kept.Contains(r) && r.Kind == BlocklistTargets.Ip && r.State == ListingState.Listed).Select(r => r.Target).ToHashSet();
        foreach (var change in changes)
        {
            var benched = settings.RemoveListedIps && change.Kind == BlocklistTargets.Ip && pools.IsBenched(change.Target, listedIps);
            await NotifyAsync(db, change, benched, settings, ct);
        }

        await db.SaveChangesAsync(ct);
        if (changes.Count > 0)
        {
            notices.Sent();
        }
    }

    /// <summary>Every listing's current state, sending IPs first.</summary>
    public async Task<List<BlocklistListing>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return [.. (await db.BlocklistListings.AsNoTracking().ToListAsync(ct)).OrderBy(l => l.Kind).ThenBy(l => l.Target).ThenBy(l => l.List)];
    }

    /// <summary>The listings that touch an account: its pool's sending IPs and its domains (every listing for the operator's account).</summary>
    public async Task<List<BlocklistListing>> ListedForAccountAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var listed = await db.BlocklistListings.AsNoTracking().Where(l => l.State == ListingState.Listed).ToListAsync(ct);
        var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.IpPool, a.IsOperator }).FirstOrDefaultAsync(ct);
        if (listed.Count == 0 || account is null || account.IsOperator)
        {
            return account is null ? [] : listed;
        }

        var ips = (pools.Pools.GetValueOrDefault(account.IpPool ?? pools.DefaultPool) ?? []).Select(ip => ip.Address.Trim()).ToHashSet();
        var domains = (await db.SendingDomains.AsNoTracking().Where(d => d.AccountId == accountId).Select(d => d.Name).ToListAsync(ct)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. listed.Where(l => l.Kind == BlocklistTargets.Ip ? ips.Contains(l.Target) : domains.Contains(l.Target))];
    }

    /// <summary>Where a listed sender asks the list for removal.</summary>
    public string? RemovalUrlOf(BlocklistListing listing) => options.Value.Lists.FirstOrDefault(l => l.Zone == listing.Zone)?.RemovalUrl;

    public int CheckEveryMinutes => options.Value.CheckEveryMinutes;

    /// <summary>Whether a listed sending IP leaves its pool until delisted.</summary>
    public bool RemovesListedIps => options.Value.RemoveListedIps;

    private async Task<BlocklistAnswer> AskAsync(BlocklistDefinition list, string target, CancellationToken ct) =>
        BlocklistAnswer.Read(list, await dns.AddressesAsync(BlocklistAnswer.QueryName(target, list.Checks, list.Zone), ipv6: false, ct));

    private async Task NotifyAsync(SmartSenderDbContext db, BlocklistListing listing, bool benched, BlocklistOptions settings, CancellationToken ct)
    {
        var listed = listing.State == ListingState.Listed;
        var list = settings.Lists.First(l => l.Zone == listing.Zone);
        benched &= listed;
        if (listed)
        {
            log.LogWarning("{Kind} {Target} is listed on {List} ({Codes}: {Meaning}){Benched}; removal: {RemovalUrl}",
                listing.Kind == BlocklistTargets.Ip ? "Sending IP" : "Sending domain", listing.Target, listing.List, listing.Codes, listing.Meaning,
                benched ? ", and is out of its pool until delisted" : settings.RemoveListedIps && listing.Kind == BlocklistTargets.Ip ? ", and stays in its pool, which has no other usable IP" : "", list.RemovalUrl);
        }
        else
        {
            log.LogWarning("{Kind} {Target} is no longer listed on {List}", listing.Kind == BlocklistTargets.Ip ? "Sending IP" : "Sending domain", listing.Target, listing.List);
        }

        var data = new
        {
            target = listing.Target,
            kind = listing.Kind == BlocklistTargets.Ip ? "ip" : "domain",
            list = listing.List,
            zone = listing.Zone,
            codes = listing.Codes,
            meaning = listing.Meaning,
            listedSince = listing.ListedSince,
            delistedAt = listing.DelistedAt,
            removalUrl = list.RemovalUrl,
            outOfRotation = benched,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var account in await AffectedAccountsAsync(db, listing, ct))
        {
            await notices.AddAsync(db, account, listed ? ListedEvent : DelistedEvent, data, now, ct);
        }
    }

    private async Task<List<Guid>> AffectedAccountsAsync(SmartSenderDbContext db, BlocklistListing listing, CancellationToken ct)
    {
        var open = await db.Accounts.AsNoTracking().Where(a => a.ClosedAt == null).Select(a => new { a.Id, a.IpPool, a.IsOperator }).ToListAsync(ct);
        if (listing.Kind == BlocklistTargets.Ip)
        {
            var poolsWithIp = pools.Pools.Where(p => p.Value.Any(ip => ip.Address.Trim() == listing.Target)).Select(p => p.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. open.Where(a => a.IsOperator || poolsWithIp.Contains(a.IpPool ?? pools.DefaultPool)).Select(a => a.Id)];
        }

        var owners = await db.SendingDomains.AsNoTracking().Where(d => d.Name == listing.Target && d.OwnedSince != null).Select(d => d.AccountId).ToListAsync(ct);
        return [.. open.Where(a => a.IsOperator || owners.Contains(a.Id)).Select(a => a.Id)];
    }

    private static bool IsReserved(string domain) =>
        domain.TrimEnd('.').Split('.')[^1].ToLowerInvariant() is "test" or "example" or "invalid" or "localhost" or "local";
}
