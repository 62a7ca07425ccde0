namespace SmartSender.Core.Dmarc;

/// <summary>One stored aggregate report about one of an account's sending domains.</summary>
public sealed class DmarcReport
{
    private DmarcReport()
    {
    }

    public DmarcReport(Guid accountId, Guid sendingDomainId, AggregateReport report, IReadOnlyDictionary<string, string?> reverseNames, DateTime receivedAt)
    {
        Id = Guid.NewGuid();
        AccountId = accountId;
        SendingDomainId = sendingDomainId;
        Domain = report.Domain;
        OrgName = Cut(report.OrgName, 200)!;
        Email = Cut(report.Email, 320);
        ReportId = Cut(report.ReportId, 200)!;
        BeginAt = report.Begin;
        EndAt = report.End;
        Policy = Cut(report.Policy, 20)!;
        ReceivedAt = receivedAt;
        Rows = [.. report.Rows.Select(r => new DmarcReportRow(r, reverseNames.GetValueOrDefault(r.SourceIp)))];
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public Guid SendingDomainId { get; private set; }

    public string Domain { get; private set; } = "";

    /// <summary>Who reported: the receiving organisation (google.com, Outlook.com, …).</summary>
    public string OrgName { get; private set; } = "";

    public string? Email { get; private set; }

    /// <summary>The reporter's id of the report; a report received again is the same report.</summary>
    public string ReportId { get; private set; } = "";

    public DateTime BeginAt { get; private set; }

    public DateTime EndAt { get; private set; }

    /// <summary>The policy (<c>p=</c>) the reporter saw published.</summary>
    public string Policy { get; private set; } = "";

    public DateTime ReceivedAt { get; private set; }

    public List<DmarcReportRow> Rows { get; private set; } = [];

    internal static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
