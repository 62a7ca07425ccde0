using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace SmartSender.Core.Dmarc;

/// <summary>
/// Reads the XML of an aggregate report: RFC 7489 appendix C and its DMARCbis successor, with or without a namespace,
/// tolerant of what real reporters do (stray text, elements in another order, empty <c>auth_results</c>), strict about
/// what it needs (the reporter, the report id, the period, the domain, each row's source IP and count). No DTD is
/// processed and no external entity is fetched; the document may hold at most as many characters as the limit.
/// </summary>
public static class AggregateReportXml
{
    public static (AggregateReport? Report, string? Error) Parse(Stream xml, DmarcOptions limits)
    {
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(xml, new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                MaxCharactersInDocument = limits.MaxUncompressedBytes,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
            });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            return (null, $"the report is not well-formed XML ({ex.Message})");
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "feedback")
        {
            return (null, $"the document is no DMARC aggregate report (its root is <{root?.Name.LocalName}>, not <feedback>)");
        }

        var metadata = Child(root, "report_metadata");
        var policy = Child(root, "policy_published");
        var range = Child(metadata, "date_range");
        var orgName = Text(metadata, "org_name");
        var reportId = Text(metadata, "report_id");
        var domain = Text(policy, "domain")?.TrimEnd('.').ToLowerInvariant();
        if (orgName is null || reportId is null || domain is null || Seconds(Text(range, "begin")) is not { } begin || Seconds(Text(range, "end")) is not { } end)
        {
            return (null, "the report lacks its reporter, report id, period or domain");
        }

        var rows = new List<AggregateRow>();
        foreach (var record in root.Elements().Where(e => e.Name.LocalName == "record"))
        {
            if (rows.Count == limits.MaxRecords)
            {
                return (null, $"the report has more than {limits.MaxRecords} records");
            }

            var row = Child(record, "row");
            var evaluated = Child(row, "policy_evaluated");
            var source = Text(row, "source_ip");
            if (source is null || !IPAddress.TryParse(source, out var ip)
                || !long.TryParse(Text(row, "count"), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                return (null, "a record has no valid source_ip or count");
            }

            var identifiers = Child(record, "identifiers");
            var auth = Child(record, "auth_results");
            rows.Add(new AggregateRow(
                ip.ToString(), count, Text(evaluated, "disposition") ?? "none",
                Is(Text(evaluated, "dkim"), "pass"), Is(Text(evaluated, "spf"), "pass"),
                Text(identifiers, "header_from"), Text(identifiers, "envelope_from"),
                Results(auth, "dkim"), Results(auth, "spf")));
        }

        return (new AggregateReport(orgName, Text(metadata, "email"), reportId, begin, end, domain, Text(policy, "p") ?? "none",
            Text(policy, "adkim"), Text(policy, "aspf"), rows), null);
    }

    private static XElement? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Text(XElement? parent, string name) => Child(parent, name)?.Value.Trim() is { Length: > 0 } text ? text : null;

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static DateTime? Seconds(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime
            : null;

    /// <summary>Each result of a mechanism in words: "example.com pass", "example.net (selector1) fail".</summary>
    private static string? Results(XElement? auth, string mechanism)
    {
        var results = auth?.Elements().Where(e => e.Name.LocalName == mechanism)
            .Select(e => $"{Text(e, "domain") ?? "(no domain)"}{(Text(e, "selector") is { } selector ? $" ({selector})" : "")} {Text(e, "result") ?? "none"}")
            .ToList();
        return results is { Count: > 0 } ? string.Join(", ", results) : null;
    }
}
