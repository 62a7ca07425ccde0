using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Domains;

/// <summary>An account's sending domains: adding, reading, verifying, and rotating their DKIM keys.</summary>
public partial class SendingDomains(
    IDbContextFactory<SmartSenderDbContext> contexts,
    DkimKeyFactory keys,
    DomainVerifier verifier,
    IOptions<DomainsOptions> options,
    TimeProvider clock)
{
    public async Task<Result<SendingDomain>> AddAsync(Guid accountId, string? name, string? selector = null, CancellationToken ct = default)
    {
        var normalized = DomainNameNormalizer.Normalize(name);
        if (!normalized.Succeeded)
        {
            return Result<SendingDomain>.Failure(normalized.Errors);
        }

        var domainName = normalized.Value!;
        if (PublicMailboxDomains.IsPublic(domainName))
        {
            return DomainErrors.PublicMailboxDomain(domainName);
        }

        selector = string.IsNullOrWhiteSpace(selector) ? options.Value.DefaultSelector : selector.Trim().ToLowerInvariant();
        if (!Selector().IsMatch(selector))
        {
            return DomainErrors.SelectorInvalid(selector);
        }

        // Anyone may add a name that no account has proved it owns yet: adding says nothing about other accounts, and no
        // one can keep the real owner out by adding it first.
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.SendingDomains.AnyAsync(d => d.Name == domainName && d.AccountId == accountId, ct))
        {
            return DomainErrors.AlreadyAdded(domainName);
        }

        if (await db.SendingDomains.AnyAsync(d => d.Name == domainName && d.OwnedSince != null, ct))
        {
            return DomainErrors.VerifiedElsewhere(domainName);
        }

        List<Func<Guid, DkimKey>> newKeys = [keys.Create(selector, DkimAlgorithm.Rsa2048, DkimKeyState.Active)];
        if (options.Value.Ed25519)
        {
            newKeys.Add(keys.Create($"{selector}e", DkimAlgorithm.Ed25519, DkimKeyState.Active));
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var domain = SendingDomain.Create(accountId, domainName, token, newKeys, clock.GetUtcNow().UtcDateTime);
        db.SendingDomains.Add(domain);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two requests of this account raced for the same name; the unique index let one through.
            await using var check = await contexts.CreateDbContextAsync(ct);
            if (await check.SendingDomains.AnyAsync(d => d.Name == domainName && d.AccountId == accountId, ct))
            {
                return DomainErrors.AlreadyAdded(domainName);
            }

            throw;
        }

        return Result<SendingDomain>.Success(domain);
    }

    public async Task<List<SendingDomain>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await WithDetails(db).Where(d => d.AccountId == accountId).OrderBy(d => d.Name).ToListAsync(ct);
    }

    public async Task<SendingDomain?> GetAsync(Guid accountId, Guid domainId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await WithDetails(db).FirstOrDefaultAsync(d => d.Id == domainId && d.AccountId == accountId, ct);
    }

    public IReadOnlyList<PublishedRecord> RecordsOf(SendingDomain domain) => DomainRecords.For(domain, options.Value);

    /// <summary>Checks every record in DNS now, and completes a key rotation whose new key is verified.</summary>
    public async Task<Result<SendingDomain>> VerifyAsync(Guid accountId, Guid domainId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await Tracked(db).FirstOrDefaultAsync(d => d.Id == domainId && d.AccountId == accountId, ct);
        if (domain is null)
        {
            return DomainErrors.NotFound();
        }

        return Result<SendingDomain>.Success(await VerifyAsync(db, domain, ct));
    }

    /// <summary>
    /// Re-checks every domain of every account; the recurring job calls this. A domain whose scheduled rotation is due
    /// gets its new key first, published as pending: it signs once its record is verified, as a rotation by hand.
    /// </summary>
    public async Task<int> VerifyAllAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // A closed account's domains are not checked again: it sends nothing.
        var ids = await db.SendingDomains.Where(d => db.Set<Account>().Any(a => a.Id == d.AccountId && a.ClosedAt == null)).Select(d => d.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await using var scope = await contexts.CreateDbContextAsync(ct);
            var domain = await Tracked(scope).FirstAsync(d => d.Id == id, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (domain.CanSend && domain.NextRotationAt <= now)
            {
                domain.AddPendingKey(keys.Create(NextSelector(domain, now), DkimAlgorithm.Rsa2048, DkimKeyState.Pending));
            }

            await VerifyAsync(scope, domain, ct);
        }

        return ids.Count;
    }

    /// <summary>How often the domain's key is rotated by itself; null stops the schedule (a rotation under way goes on).</summary>
    public async Task<Result<SendingDomain>> ScheduleKeyRotationAsync(Guid accountId, Guid domainId, int? days, CancellationToken ct = default)
    {
        if (days is < SendingDomain.MinRotationDays or > SendingDomain.MaxRotationDays)
        {
            return new UnprocessableError("rotation_out_of_range",
                $"A key is rotated every {SendingDomain.MinRotationDays} to {SendingDomain.MaxRotationDays} days.", "key_rotation_days");
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await Tracked(db).FirstOrDefaultAsync(d => d.Id == domainId && d.AccountId == accountId, ct);
        if (domain is null)
        {
            return DomainErrors.NotFound();
        }

        domain.ScheduleKeyRotation(days);
        await db.SaveChangesAsync(ct);
        return Result<SendingDomain>.Success(domain);
    }

    /// <summary><c>ss&lt;yyyyMMdd&gt;</c>, as a rotation by hand names it, with a letter added if the domain has it already.</summary>
    private static string NextSelector(SendingDomain domain, DateTime now)
    {
        var selector = $"ss{now:yyyyMMdd}";
        for (var suffix = 'a'; domain.Keys.Any(k => k.Selector == selector); suffix++)
        {
            selector = $"ss{now:yyyyMMdd}{suffix}";
        }

        return selector;
    }

    /// <summary>Turns open and click tracking of the domain's mail on or off; messages already queued keep their choice.</summary>
    public async Task<Result<SendingDomain>> SetTrackingAsync(Guid accountId, Guid domainId, bool on, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await Tracked(db).FirstOrDefaultAsync(d => d.Id == domainId && d.AccountId == accountId, ct);
        if (domain is null)
        {
            return DomainErrors.NotFound();
        }

        domain.TurnTracking(on);
        await db.SaveChangesAsync(ct);
        return Result<SendingDomain>.Success(domain);
    }

    /// <summary>Rotation step 1: a new key under a new selector, published beside the signing one.</summary>
    public async Task<Result<SendingDomain>> StartKeyRotationAsync(Guid accountId, Guid domainId, string selector, CancellationToken ct = default)
    {
        selector = selector.Trim().ToLowerInvariant();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await Tracked(db).FirstOrDefaultAsync(d => d.Id == domainId && d.AccountId == accountId, ct);
        if (domain is null)
        {
            return DomainErrors.NotFound();
        }

        if (!Selector().IsMatch(selector) || domain.Keys.Any(k => k.Selector == selector))
        {
            return DomainErrors.SelectorInvalid(selector);
        }

        domain.AddPendingKey(keys.Create(selector, DkimAlgorithm.Rsa2048, DkimKeyState.Pending));
        await db.SaveChangesAsync(ct);
        return Result<SendingDomain>.Success(domain);
    }

    /// <summary>Checks and stores; returns the domain as stored.</summary>
    private async Task<SendingDomain> VerifyAsync(SmartSenderDbContext db, SendingDomain domain, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var findings = await verifier.CheckAsync(domain, ct);
        if (await OwnedElsewhereAsync(db, domain, ct))
        {
            findings = ClaimedElsewhere(findings);
        }

        domain.ApplyFindings(findings, now);
        domain.TryCompleteRotation(now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (domain.OwnedSince is not null)
        {
            // Another account proved ownership of the same name at the same moment, and its proof was stored first.
            db.ChangeTracker.Clear();
            var again = await Tracked(db).FirstAsync(d => d.Id == domain.Id, ct);
            again.ApplyFindings(ClaimedElsewhere(findings), now);
            await db.SaveChangesAsync(ct);
            return again;
        }

        return domain;
    }

    private static Task<bool> OwnedElsewhereAsync(SmartSenderDbContext db, SendingDomain domain, CancellationToken ct) =>
        db.SendingDomains.AnyAsync(d => d.Name == domain.Name && d.Id != domain.Id && d.OwnedSince != null, ct);

    /// <summary>The ownership record of a name another account holds can never count, whatever DNS shows.</summary>
    private static IReadOnlyList<(DnsRecordKind Kind, string? Selector, RecordFinding Finding)> ClaimedElsewhere(
        IReadOnlyList<(DnsRecordKind Kind, string? Selector, RecordFinding Finding)> findings) =>
        [.. findings.Select(f => f.Kind == DnsRecordKind.Ownership
            ? (f.Kind, f.Selector, new RecordFinding(RecordStatus.Failing, f.Finding.Found, DomainErrors.VerifiedElsewhereHint))
            : f)];

    private static IQueryable<SendingDomain> WithDetails(SmartSenderDbContext db) =>
        Tracked(db).AsNoTracking().AsSplitQuery();

    private static IQueryable<SendingDomain> Tracked(SmartSenderDbContext db) =>
        db.SendingDomains.Include(d => d.Keys).Include(d => d.Checks).Include(d => d.History.OrderByDescending(h => h.OccurredAt).Take(50));

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex Selector();
}
