using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Tracking;

/// <summary>
/// Which names SmartSender serves tracking links on besides its own base URL: <c>track.&lt;domain&gt;</c> of a verified
/// sending domain whose tracking CNAME is verified, on an account that is not closed. A TLS front end with on-demand
/// certificates (Caddy's <c>on_demand_tls</c> <c>ask</c>) asks this before it requests a certificate for a name.
/// </summary>
public sealed class TrackingHosts(IDbContextFactory<SmartSenderDbContext> contexts)
{
    public async Task<bool> IsServedAsync(string? host, CancellationToken ct = default)
    {
        var name = (host ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        var prefix = DomainRecords.TrackingLabel + ".";
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name.Length == prefix.Length || !DomainNames.IsWellFormed(name))
        {
            return false;
        }

        var domain = name[prefix.Length..];
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.SendingDomains.AsNoTracking()
            .Where(d => d.Name == domain && d.Status == DomainStatus.Verified
                && d.Checks.Any(c => c.Kind == DnsRecordKind.Tracking && c.Status == RecordStatus.Verified)
                && db.Set<Account>().Any(a => a.Id == d.AccountId && a.ClosedAt == null))
            .AnyAsync(ct);
    }
}
