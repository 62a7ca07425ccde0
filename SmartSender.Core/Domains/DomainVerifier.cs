using System.Net;
using Microsoft.Extensions.Options;
using SmartSender.Core.Dns;
using SmartSender.Core.Domains.Spf;

namespace SmartSender.Core.Domains;

/// <summary>
/// Looks up each record of a domain in DNS and says, per record, whether it is right; when it is not, it
/// names the likely mistake in plain words.
/// </summary>
public class DomainVerifier(IDnsResolver dns, SpfEvaluator spf, IOptions<DomainsOptions> options, TimeProvider clock)
{
    public async Task<IReadOnlyList<(DnsRecordKind Kind, string? Selector, RecordFinding Finding)>> CheckAsync(SendingDomain domain, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var grace = options.Value.PropagationGrace;

        // Grace is for records still being set up: a new domain's, or a rotation's new key. A record that
        // vanishes from a verified domain is missing at once.
        bool InGrace(PublishedRecord record) =>
            (domain.VerifiedAt is null && now - domain.CreatedAt < grace)
            || (record.Kind == DnsRecordKind.Dkim && domain.Keys.Any(k => k.Selector == record.Selector && k.State == DkimKeyState.Pending && now - k.CreatedAt < grace));
        var findings = new List<(DnsRecordKind, string?, RecordFinding)>();
        foreach (var record in DomainRecords.For(domain, options.Value))
        {
            var finding = record.Kind switch
            {
                DnsRecordKind.Ownership => await CheckTxtAsync(domain, record, found => found.Contains(record.Value), ct),
                DnsRecordKind.Spf => await CheckSpfAsync(domain, ct),
                DnsRecordKind.Dkim => await CheckTxtAsync(domain, record, found => DkimRecordInspector.Matches(found, record.Value), ct),
                DnsRecordKind.Dmarc => await CheckTxtAsync(domain, record, found => found.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase), ct),
                _ => await CheckCnameAsync(record, ct),
            };
            findings.Add((record.Kind, record.Selector, Graced(finding, InGrace(record))));
        }

        return findings;
    }

    /// <summary>In the first hours a missing record is most likely not visible yet, which is no failure.</summary>
    private static RecordFinding Graced(RecordFinding finding, bool inGrace) =>
        finding.Status == RecordStatus.Missing && inGrace
            ? finding with { Status = RecordStatus.Pending, Hint = $"Not visible yet. DNS changes can take up to 48 hours to appear; SmartSender keeps checking. {finding.Hint}".Trim() }
            : finding;

    private async Task<RecordFinding> CheckTxtAsync(SendingDomain domain, PublishedRecord record, Func<string, bool> isRight, CancellationToken ct)
    {
        var answer = await dns.TxtAsync(record.FullName, ct);
        if (answer.Status == DnsStatus.Failed)
        {
            return new RecordFinding(RecordStatus.Pending, null, $"DNS did not answer for {record.FullName} ({answer.Error}). SmartSender will try again.");
        }

        var found = answer.Records.ToList();
        if (found.Any(isRight))
        {
            return new RecordFinding(RecordStatus.Verified, Show(found));
        }

        if (found.Count > 0)
        {
            var hint = record.Kind == DnsRecordKind.Dkim
                ? DkimRecordInspector.Explain(found, record.Value)
                : $"A TXT record exists at {record.FullName}, but not the one to publish. Its value must be exactly: {record.Value}";
            return new RecordFinding(RecordStatus.Failing, Show(found), hint);
        }

        return await MissingAsync(domain, record, ct);
    }

    private async Task<RecordFinding> MissingAsync(SendingDomain domain, PublishedRecord record, CancellationToken ct)
    {
        // The commonest slip: the zone name typed into the host field, which the provider appends again.
        var doubled = $"{record.FullName}.{domain.Name}";
        var atDoubled = record.Type == "TXT" ? (await dns.TxtAsync(doubled, ct)).Records.Count > 0 : (await dns.CnameAsync(doubled, ct)).Records.Count > 0;
        if (atDoubled)
        {
            return new RecordFinding(RecordStatus.Failing, $"a record at {doubled}",
                $"The record was published at {doubled}: the domain was typed into the host field and your DNS provider added it again. Enter only '{record.Host}' as the host.");
        }

        return new RecordFinding(RecordStatus.Missing, null, $"No {record.Type} record at {record.FullName}.");
    }

    private async Task<RecordFinding> CheckSpfAsync(SendingDomain domain, CancellationToken ct)
    {
        var answer = await dns.TxtAsync(domain.Name, ct);
        if (answer.Status == DnsStatus.Failed)
        {
            return new RecordFinding(RecordStatus.Pending, null, $"DNS did not answer for {domain.Name} ({answer.Error}). SmartSender will try again.");
        }

        var records = answer.Records.Where(SpfRecordParser.IsSpfRecord).ToList();
        var expected = DomainRecords.SpfValue(options.Value);
        if (records.Count == 0)
        {
            return new RecordFinding(RecordStatus.Missing, null, $"No SPF record exists at {domain.Name}. Publish: {expected}");
        }

        if (records.Count > 1)
        {
            return new RecordFinding(RecordStatus.Failing, Show(records),
                $"{domain.Name} has {records.Count} SPF records; receivers then ignore SPF altogether (permerror). Merge them into one record that starts with v=spf1.");
        }

        var record = records[0];
        if (SpfPolicy.LetsAnyoneSend(record) is { } policy)
        {
            return new RecordFinding(RecordStatus.Failing, record,
                $"The record ends with {policy}, which lets any server on the internet send as {domain.Name}; receivers treat that as no protection. End it with ~all or -all.");
        }

        foreach (var ip in options.Value.SendingIps)
        {
            var outcome = await spf.CheckAsync(IPAddress.Parse(ip), $"postmaster@{domain.Name}", domain.Name, ct);
            if (outcome.Result != SpfResult.Pass)
            {
                return SpfFailure(outcome, ip, record, expected);
            }
        }

        return new RecordFinding(RecordStatus.Verified, record);
    }

    private RecordFinding SpfFailure(SpfOutcome outcome, string ip, string record, string expected) => outcome.Result switch
    {
        SpfResult.TempError => new RecordFinding(RecordStatus.Pending, record, $"A DNS lookup inside the SPF record did not answer ({outcome.Reason}). SmartSender will try again."),
        SpfResult.PermError when outcome.DnsLookups > SpfEvaluator.MaxDnsLookups => new RecordFinding(RecordStatus.Failing, record,
            "The SPF record needs more than 10 DNS lookups (each include, a, mx, ptr, exists and redirect counts, also inside includes). Receivers stop at 10 and fail it. Remove includes you no longer use, or flatten them to ip4:/ip6: ranges."),
        SpfResult.PermError => new RecordFinding(RecordStatus.Failing, record, $"The SPF record is invalid: {outcome.Reason}"),
        _ => new RecordFinding(RecordStatus.Failing, record,
            $"The SPF record does not authorise SmartSender's sending address {ip} (check_host gave {outcome.Result.ToString().ToLowerInvariant()}). Add {SpfMechanism()} before the final all, e.g.: {expected}"),
    };

    private string SpfMechanism() =>
        string.IsNullOrWhiteSpace(options.Value.SpfInclude) ? string.Join(' ', options.Value.SendingIps.Select(ip => (ip.Contains(':') ? "ip6:" : "ip4:") + ip)) : $"include:{options.Value.SpfInclude}";

    private async Task<RecordFinding> CheckCnameAsync(PublishedRecord record, CancellationToken ct)
    {
        var answer = await dns.CnameAsync(record.FullName, ct);
        if (answer.Records.Any(t => t.Equals(record.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return new RecordFinding(RecordStatus.Verified, answer.Records[0]);
        }

        if (answer.Records.Count > 0)
        {
            return new RecordFinding(RecordStatus.Failing, answer.Records[0], $"{record.FullName} points to {answer.Records[0]}; it must point to {record.Value}.");
        }

        var addresses = await dns.AddressesAsync(record.FullName, ipv6: false, ct);
        if (addresses.Records.Count > 0)
        {
            return new RecordFinding(RecordStatus.Failing, string.Join(", ", addresses.Records),
                $"{record.FullName} answers with addresses instead of a CNAME. If your DNS provider proxies it (Cloudflare's orange cloud), switch the record to \"DNS only\".");
        }

        return new RecordFinding(RecordStatus.Missing, null, $"No CNAME record at {record.FullName}.");
    }

    private static string Show(IEnumerable<string> records) => string.Join(" | ", records);
}
