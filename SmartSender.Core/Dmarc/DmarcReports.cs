using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Dmarc;

/// <summary>What became of a mailed report: stored, ignored (for no domain of ours, or received before), or refused.</summary>
public sealed record DmarcOutcome(bool Refused, int Stored, string Summary);

/// <summary>
/// Receives DMARC aggregate reports mailed to the <c>rua</c> address SmartSender recommends: reads every report
/// document of the message (<see cref="ReportDocuments"/>, <see cref="AggregateReportXml"/>), refuses the whole message
/// when one cannot be read, and stores each report under the sending domain it is about, when an open account owns
/// that domain, with the reverse name of each source IP. A report received again (same reporter, same id) is stored once.
/// </summary>
public sealed class DmarcReports(
    IDbContextFactory<SmartSenderDbContext> contexts, IDnsResolver dns, IOptions<DmarcOptions> options, TimeProvider clock, ILogger<DmarcReports> log)
{
    public async Task<DmarcOutcome> ReceiveAsync(MimeMessage message, CancellationToken ct = default)
    {
        var limits = options.Value;
        var (documents, unreadable) = ReportDocuments.Extract(message, limits);
        if (unreadable is not null)
        {
            return Refused(unreadable);
        }

        var reports = new List<AggregateReport>();
        foreach (var document in documents)
        {
            var (report, error) = AggregateReportXml.Parse(new MemoryStream(document), limits);
            if (report is null)
            {
                return Refused(error!);
            }

            reports.Add(report);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var notes = new List<string>();
        var stored = 0;
        foreach (var report in reports)
        {
            var domain = await db.SendingDomains.AsNoTracking()
                .Where(d => d.Name == report.Domain && d.OwnedSince != null && db.Set<Account>().Any(a => a.Id == d.AccountId && a.ClosedAt == null))
                .Select(d => new { d.Id, d.AccountId }).FirstOrDefaultAsync(ct);
            var orgName = DmarcReport.Cut(report.OrgName, 200);
            var reportId = DmarcReport.Cut(report.ReportId, 200);
            if (domain is null)
            {
                notes.Add($"{report.OrgName} report {report.ReportId} is about {report.Domain}, which no account owns");
            }
            else if (await db.DmarcReports.AnyAsync(r => r.SendingDomainId == domain.Id && r.OrgName == orgName && r.ReportId == reportId, ct))
            {
                notes.Add($"{report.OrgName} report {report.ReportId} was received before");
            }
            else
            {
                db.DmarcReports.Add(new DmarcReport(domain.AccountId, domain.Id, report, await ReverseNamesAsync(report, limits, ct), clock.GetUtcNow().UtcDateTime));
                notes.Add($"{report.OrgName} report {report.ReportId} on {report.Domain}: {report.Rows.Sum(r => r.Count)} messages from {report.Rows.Select(r => r.SourceIp).Distinct().Count()} sources");
                stored++;
            }
        }

        await db.SaveChangesAsync(ct);
        var outcome = new DmarcOutcome(false, stored, string.Join("; ", notes));
        log.LogInformation("DMARC aggregate report: {Summary}", outcome.Summary);
        return outcome;
    }

    private DmarcOutcome Refused(string reason)
    {
        log.LogInformation("DMARC aggregate report refused: {Reason}", reason);
        return new DmarcOutcome(true, 0, reason);
    }

    private async Task<Dictionary<string, string?>> ReverseNamesAsync(AggregateReport report, DmarcOptions limits, CancellationToken ct)
    {
        var ips = report.Rows.GroupBy(r => r.SourceIp).OrderByDescending(g => g.Sum(r => r.Count)).Select(g => g.Key).Take(limits.ReverseLookupsPerReport).ToList();
        var names = await Task.WhenAll(ips.Select(async ip =>
        {
            var answer = await dns.PtrAsync(IPAddress.Parse(ip), ct);
            return (ip, name: answer.Status == DnsStatus.Ok && answer.Records.Count > 0 ? answer.Records[0].TrimEnd('.') : null);
        }));
        return names.ToDictionary(n => n.ip, n => n.name);
    }
}
