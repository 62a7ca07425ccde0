using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Dmarc;

/// <summary>One day of a domain's reported mail.</summary>
public sealed record DmarcDay(DateOnly Date, long Messages, long Passed, long Failed);

/// <summary>
/// One source IP's reported mail as the domain: how much, how much passed DMARC, how much was aligned by DKIM and by
/// SPF, and whether it is one of SmartSender's own sending IPs.
/// </summary>
public sealed record DmarcSource(string Ip, string? ReverseName, bool Ours, long Messages, long Passed, long DkimAligned, long SpfAligned, string Dispositions, string Reporters)
{
    public long Failed => Messages - Passed;
}

/// <summary>Something the user should look at: <c>unknown_source</c> or <c>own_mail_fails</c>.</summary>
public sealed record DmarcWarning(string Kind, string Ip, string Text);

public sealed record DmarcReportLine(string OrgName, string ReportId, DateTime Begin, DateTime End, long Messages, DateTime ReceivedAt);

public sealed record DmarcSummary(
    Guid DomainId, string Domain, DateTime From, DateTime To, long Messages, long Passed,
    IReadOnlyList<DmarcDay> Days, IReadOnlyList<DmarcSource> Sources, IReadOnlyList<DmarcWarning> Warnings, IReadOnlyList<DmarcReportLine> Reports);

/// <summary>
/// A domain's DMARC reports over a period, summed up: per day, per source IP (its reverse name, whether it is one of
/// SmartSender's sending IPs), and the warnings that matter: an unknown source sending as the domain, and SmartSender's
/// own mail failing DMARC.
/// </summary>
public sealed class DmarcOverview(IDbContextFactory<SmartSenderDbContext> contexts, IpPools pools, IOptions<DomainsOptions> domains, TimeProvider clock)
{
    private const int MaxReports = 5_000;
    private const int MaxUnknownWarnings = 10;

    public async Task<Result<DmarcSummary>> SummaryAsync(Guid accountId, Guid domainId, int days, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var domain = await db.SendingDomains.AsNoTracking().Where(d => d.Id == domainId && d.AccountId == accountId).Select(d => d.Name).FirstOrDefaultAsync(ct);
        if (domain is null)
        {
            return DomainErrors.NotFound();
        }

        var to = clock.GetUtcNow().UtcDateTime;
        var from = to.Date.AddDays(-(days - 1));
        var reports = await db.DmarcReports.AsNoTracking().Include(r => r.Rows)
            .Where(r => r.AccountId == accountId && r.SendingDomainId == domainId && r.EndAt >= from)
            .OrderByDescending(r => r.BeginAt).Take(MaxReports).ToListAsync(ct);
        var ours = OwnIps();
        var rows = reports.SelectMany(r => r.Rows.Select(row => (Report: r, Row: row))).ToList();
        var sources = rows.GroupBy(x => x.Row.SourceIp)
            .Select(g => new DmarcSource(
                g.Key, g.Select(x => x.Row.ReverseName).FirstOrDefault(n => n is not null), ours.Contains(g.Key),
                g.Sum(x => x.Row.Count), g.Where(x => x.Row.Passes).Sum(x => x.Row.Count),
                g.Where(x => x.Row.DkimAligned).Sum(x => x.Row.Count), g.Where(x => x.Row.SpfAligned).Sum(x => x.Row.Count),
                string.Join(", ", g.GroupBy(x => x.Row.Disposition).Select(d => $"{d.Key}: {d.Sum(x => x.Row.Count)}")),
                string.Join(", ", g.Select(x => x.Report.OrgName).Distinct())))
            .OrderByDescending(s => s.Messages).ToList();
        var perDay = rows.GroupBy(x => DateOnly.FromDateTime(x.Report.BeginAt))
            .Select(g => new DmarcDay(g.Key, g.Sum(x => x.Row.Count), g.Where(x => x.Row.Passes).Sum(x => x.Row.Count), g.Where(x => !x.Row.Passes).Sum(x => x.Row.Count)))
            .OrderBy(d => d.Date).ToList();
        return Result<DmarcSummary>.Success(new DmarcSummary(domainId, domain, from, to, sources.Sum(s => s.Messages), sources.Sum(s => s.Passed), perDay, sources, Warnings(domain, sources),
            [.. reports.Select(r => new DmarcReportLine(r.OrgName, r.ReportId, r.BeginAt, r.EndAt, r.Rows.Sum(x => x.Count), r.ReceivedAt))]));
    }

    private HashSet<string> OwnIps() =>
        [.. pools.Pools.Values.SelectMany(p => p).Select(ip => ip.Address.Trim()).Concat(domains.Value.SendingIps.Select(ip => ip.Trim())).Where(ip => ip.Length > 0)];

    private static List<DmarcWarning> Warnings(string domain, List<DmarcSource> sources)
    {
        var warnings = new List<DmarcWarning>();
        foreach (var own in sources.Where(s => s.Ours && s.Failed > 0))
        {
            warnings.Add(new DmarcWarning("own_mail_fails", own.Ip,
                $"{own.Failed} of {own.Messages} messages SmartSender sent as {domain} from {own.Ip} failed DMARC: neither their DKIM signature nor their return path was aligned with {domain}. Check that the DKIM and return-path records on the domain page are published and verified."));
        }

        foreach (var unknown in sources.Where(s => !s.Ours).Take(MaxUnknownWarnings))
        {
            var name = unknown.ReverseName is null ? "no reverse name" : unknown.ReverseName;
            warnings.Add(new DmarcWarning("unknown_source", unknown.Ip, unknown.Passed > 0
                ? $"{unknown.Ip} ({name}) is not SmartSender and sent {unknown.Messages} messages as {domain}, {unknown.Passed} of them passing DMARC: it signs for or is authorised by your domain. If you do not know it, find out who holds that key or SPF entry."
                : $"{unknown.Ip} ({name}) is not SmartSender and sent {unknown.Messages} messages as {domain}, all failing DMARC: if it is not a service of yours, someone is sending as your domain."));
        }

        return warnings;
    }
}
