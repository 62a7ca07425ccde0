using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Core.Delivery.Pools;

/// <summary>A pool as the IP pools page shows it.</summary>
public sealed record PoolView(string Name, bool IsDefault, IReadOnlyList<SendingIp> Ips, IReadOnlyList<string> Accounts);

/// <summary>
/// Which sending IP a message of an account leaves from: the account's pool, its IPs taken in turn, passing over an
/// IP out of rotation (listed on a blocklist, with <c>Blocklists:RemoveListedIps</c> on) unless it is the pool's last.
/// </summary>
public class IpPools(IOptions<PoolOptions> options, IOptions<DirectOptions> direct, IDbContextFactory<SmartSenderDbContext> contexts, IListedIps? listed = null)
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private readonly ConcurrentDictionary<string, int> _turns = new(StringComparer.OrdinalIgnoreCase);
    private IReadOnlySet<string> _outOfRotation = None;

    public string DefaultPool => options.Value.DefaultPool;

    /// <summary>Listed sending IPs, as last read, when listed IPs leave their pools (<c>Blocklists:RemoveListedIps</c>).</summary>
    public IReadOnlySet<string> OutOfRotation => Volatile.Read(ref _outOfRotation);

    /// <summary>
    /// Whether <paramref name="ip"/> takes no mail because it is listed: in every pool that holds it, another IP is not
    /// listed (a pool's last usable IP stays in, so its mail never stops).
    /// </summary>
    public bool IsBenched(string ip, IReadOnlySet<string>? listed = null)
    {
        listed ??= OutOfRotation;
        return listed.Contains(ip) && Pools.Values.Where(p => p.Any(i => i.Address == ip)).All(p => p.Any(i => !listed.Contains(i.Address)));
    }

    /// <summary>Reads which IPs are out of rotation again when a listing was written (here, or on PostgreSQL by another instance).</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        if (listed is not null && await listed.ChangedAsync(ct) is { } now)
        {
            Volatile.Write(ref _outOfRotation, now);
        }
    }

    public IReadOnlyDictionary<string, SendingIp[]> Pools { get; } = options.Value.Pools.Count > 0
        ? options.Value.Pools
        : new Dictionary<string, SendingIp[]>(StringComparer.OrdinalIgnoreCase)
        {
            [options.Value.DefaultPool] = [new SendingIp { Address = direct.Value.LocalAddress ?? "", EhloName = direct.Value.EhloName }],
        };

    public async Task<SendingIp> PickAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pool = await db.Accounts.Where(a => a.Id == accountId).Select(a => a.IpPool).FirstOrDefaultAsync(ct);
        return Pick(pool);
    }

    /// <param name="keep">An address the message was already given (its lane's), kept while it is still in the pool.</param>
    public SendingIp Pick(string? pool, string? keep = null)
    {
        var (name, ips) = Usable(pool);
        if (keep is not null && ips.FirstOrDefault(ip => ip.Address == keep) is { } kept)
        {
            return kept;
        }

        var turn = _turns.AddOrUpdate(name, 0, (_, n) => unchecked(n + 1));
        return ips[(int)((uint)turn % ips.Length)];
    }

    /// <summary>Whether every message of an account on <paramref name="pool"/> goes out from the same address now.</summary>
    public bool HasOneUsable(string? pool) => Usable(pool).Ips.Length == 1;

    /// <summary>The pool's name as resolved (unknown names are the default pool) and its addresses in rotation (all of them when every one is out).</summary>
    private (string Name, SendingIp[] Ips) Usable(string? pool)
    {
        var name = pool is not null && Pools.ContainsKey(pool) ? pool : options.Value.DefaultPool;
        var ips = Pools.GetValueOrDefault(name) ?? Pools.Values.First();
        var benched = OutOfRotation;
        if (benched.Count > 0 && ips.Any(ip => benched.Contains(ip.Address)))
        {
            var usable = Array.FindAll(ips, ip => !benched.Contains(ip.Address));
            ips = usable.Length > 0 ? usable : ips;
        }

        return (name, ips);
    }

    public async Task<List<PoolView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var accounts = await db.Accounts.AsNoTracking().Select(a => new { a.Name, a.IpPool }).ToListAsync(ct);
        var defaultPool = options.Value.DefaultPool;
        return [.. Pools.Select(p => new PoolView(p.Key, string.Equals(p.Key, defaultPool, StringComparison.OrdinalIgnoreCase), p.Value,
            [.. accounts.Where(a => string.Equals(a.IpPool ?? defaultPool, p.Key, StringComparison.OrdinalIgnoreCase)).Select(a => a.Name).Order()]))];
    }

    /// <summary>Gives an account a pool; null puts it back on the default pool.</summary>
    public async Task<Result<string>> AssignAsync(Guid accountId, string? pool, CancellationToken ct = default)
    {
        if (pool is not null && !Pools.ContainsKey(pool))
        {
            return new Error("pool_unknown", $"There is no IP pool named '{pool}'; pools are configured under Delivery:IpPools:Pools.", "pool");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return Accounts.AccountErrors.AccountNotFound(accountId.ToString());
        }

        account.UseIpPool(pool is null || string.Equals(pool, options.Value.DefaultPool, StringComparison.OrdinalIgnoreCase) ? null : pool);
        await db.SaveChangesAsync(ct);
        return Result<string>.Success(account.IpPool ?? options.Value.DefaultPool);
    }
}
