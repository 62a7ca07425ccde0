using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.ApiKeys;

/// <summary>
/// Creates, checks and revokes API keys. Each call uses its own short-lived context, because dashboard
/// circuits live long and may overlap calls.
/// </summary>
public class ApiKeyService(IDbContextFactory<SmartSenderDbContext> contexts, ApiKeyCache cache, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <param name="domains">Sending domains of the account the key may send from; none for all.</param>
    /// <param name="networks">Addresses or CIDR ranges requests with the key may come from; none for anywhere.</param>
    /// <param name="test">A test-mode key, whose messages never leave.</param>
    public async Task<Result<CreatedApiKey>> CreateAsync(
        Guid accountId, string name, ApiKeyScope scope = ApiKeyScope.Full, IReadOnlyList<string>? domains = null, IReadOnlyList<string>? networks = null,
        CancellationToken ct = default, bool test = false)
    {
        name = (name ?? "").Trim();
        var errors = new List<Error>();
        if (name.Length == 0)
        {
            errors.Add(ApiKeyErrors.NameRequired());
        }

        if (name.Length > MaxNameLength)
        {
            errors.Add(ApiKeyErrors.NameTooLong(MaxNameLength));
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var wanted = (domains ?? []).Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Where(d => d.Length > 0).Distinct().ToList();
        var owned = await db.SendingDomains.Where(d => d.AccountId == accountId && wanted.Contains(d.Name)).Select(d => d.Name).ToListAsync(ct);
        errors.AddRange(wanted.Except(owned).Select(ApiKeyErrors.DomainNotOwned));
        var parsed = new List<System.Net.IPNetwork>();
        foreach (var network in (networks ?? []).Where(n => !string.IsNullOrWhiteSpace(n)))
        {
            if (ApiKeyLimits.TryParseNetwork(network, out var net))
            {
                parsed.Add(net);
            }
            else
            {
                errors.Add(ApiKeyErrors.NetworkInvalid(network.Trim()));
            }
        }

        if (errors.Count > 0)
        {
            return Result<CreatedApiKey>.Failure(errors);
        }

        var secret = ApiKeySecret.Generate();
        var key = new ApiKey(accountId, name, ApiKeySecret.PrefixOf(secret), ApiKeySecret.Hash(secret), clock.GetUtcNow().UtcDateTime,
            new ApiKeyLimits(scope, wanted, [.. parsed.Distinct()]), test);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return Result<CreatedApiKey>.Success(new CreatedApiKey(key, secret));
    }

    /// <summary>The active key with this secret, or null. Records when the key was used.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        if (!ApiKeySecret.LooksValid(secret))
        {
            return null;
        }

        var key = await cache.GetAsync(ApiKeySecret.Hash(secret), ReadActiveAsync, ct);
        if (key is null)
        {
            return null;
        }

        // Last use is shown to the minute; writing it on every request would make each send two writes.
        // The kept key is shared by requests, so the write goes through a copy of its own.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedPrecision)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == key.Id && k.RevokedAt == null, ct) is not { } tracked)
            {
                return null;
            }

            tracked.MarkUsed(now);
            await db.SaveChangesAsync(ct);
            return tracked;
        }

        return key;
    }

    private async Task<ApiKey?> ReadActiveAsync(string hash)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null);
    }

    public async Task<List<ApiKey>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.AccountId == accountId)
            .OrderByDescending(k => k.CreatedAt)
            .ToListAsync(ct);
    }

    public async Task<Result<ApiKey>> RevokeAsync(Guid accountId, Guid keyId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.AccountId == accountId, ct);
        if (key is null)
        {
            return ApiKeyErrors.NotFound();
        }

        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return Result<ApiKey>.Success(key);
    }
}
