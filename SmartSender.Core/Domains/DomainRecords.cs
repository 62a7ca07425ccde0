namespace SmartSender.Core.Domains;

/// <summary>The records a sending domain publishes, made from the domain and the operator's settings.</summary>
public static class DomainRecords
{
    public const string OwnershipHost = "_smartsender";
    public const string OwnershipPrefix = "smartsender-verification=";
    public const string ReturnPathLabel = "bounces";
    public const string TrackingLabel = "track";

    public static IReadOnlyList<PublishedRecord> For(SendingDomain domain, DomainsOptions options)
    {
        var name = domain.Name;
        var records = new List<PublishedRecord>
        {
            new(DnsRecordKind.Ownership, null, "TXT", OwnershipHost, $"{OwnershipHost}.{name}", OwnershipPrefix + domain.OwnershipToken, true,
                "Proves that you control the domain."),
            new(DnsRecordKind.Spf, null, "TXT", "@", name, SpfValue(options), true,
                "Authorises SmartSender's servers to send as the domain (SPF). If the domain already has an SPF record, add the mechanism to it instead: a domain must have only one."),
        };
        records.AddRange(domain.PublishedKeys.Select(k => new PublishedRecord(
            DnsRecordKind.Dkim, k.Selector, "TXT", $"{k.Selector}._domainkey", $"{k.Selector}._domainkey.{name}", k.RecordValue, true,
            k.State == DkimKeyState.Pending ? "The next DKIM key: publish it beside the current one; it signs once verified." : "The public key receivers check SmartSender's DKIM signatures with.")));
        records.Add(new(DnsRecordKind.Dmarc, null, "TXT", "_dmarc", $"_dmarc.{name}", $"v=DMARC1; p=none; rua=mailto:dmarc@{ReturnPathLabel}.{name}", false,
            "Recommended: tells receivers what to do with mail that fails SPF and DKIM, and to send their daily reports to SmartSender (through the return-path record below), which shows them on the domain's DMARC page. Start with p=none; tighten later."));
        records.Add(new(DnsRecordKind.ReturnPath, null, "CNAME", ReturnPathLabel, $"{ReturnPathLabel}.{name}", options.ReturnPathHost, false,
            "Return-path: bounces come back to SmartSender, which stops sending to dead addresses."));
        records.Add(new(DnsRecordKind.Tracking, null, "CNAME", TrackingLabel, $"{TrackingLabel}.{name}", options.TrackingHost, false,
            "Tracking links and the open pixel use your domain instead of SmartSender's."));
        return records;
    }

    public static string SpfValue(DomainsOptions options) =>
        string.IsNullOrWhiteSpace(options.SpfInclude)
            ? $"v=spf1 {string.Join(' ', options.SendingIps.Select(ip => (ip.Contains(':') ? "ip6:" : "ip4:") + ip))} ~all"
            : $"v=spf1 include:{options.SpfInclude} ~all";
}
