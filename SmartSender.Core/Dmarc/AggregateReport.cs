namespace SmartSender.Core.Dmarc;

/// <summary>A DMARC aggregate report (RFC 7489 appendix C) as read: who reported, for which domain and period, and its rows.</summary>
public sealed record AggregateReport(
    string OrgName, string? Email, string ReportId, DateTime Begin, DateTime End, string Domain, string Policy, string? Adkim, string? Aspf,
    IReadOnlyList<AggregateRow> Rows);

/// <summary>
/// One row: messages from one source IP with one set of results. <paramref name="DkimAligned"/> and
/// <paramref name="SpfAligned"/> are the receiver's DMARC verdicts (<c>policy_evaluated</c>): a pass of that mechanism
/// for a domain aligned with the header From; the message passes DMARC when either does.
/// </summary>
public sealed record AggregateRow(
    string SourceIp, long Count, string Disposition, bool DkimAligned, bool SpfAligned, string? HeaderFrom, string? EnvelopeFrom, string? DkimResults, string? SpfResults)
{
    public bool Passes => DkimAligned || SpfAligned;
}
