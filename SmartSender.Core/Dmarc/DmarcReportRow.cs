namespace SmartSender.Core.Dmarc;

/// <summary>A report's row: messages from one source IP with one set of results.</summary>
public sealed class DmarcReportRow
{
    private DmarcReportRow()
    {
    }

    public DmarcReportRow(AggregateRow row, string? reverseName)
    {
        Id = Guid.NewGuid();
        SourceIp = row.SourceIp;
        ReverseName = DmarcReport.Cut(reverseName, 253);
        Count = row.Count;
        Disposition = DmarcReport.Cut(row.Disposition, 20)!;
        DkimAligned = row.DkimAligned;
        SpfAligned = row.SpfAligned;
        HeaderFrom = DmarcReport.Cut(row.HeaderFrom, 253);
        EnvelopeFrom = DmarcReport.Cut(row.EnvelopeFrom, 253);
        DkimResults = DmarcReport.Cut(row.DkimResults, 1000);
        SpfResults = DmarcReport.Cut(row.SpfResults, 1000);
    }

    public Guid Id { get; private set; }

    public Guid DmarcReportId { get; private set; }

    public string SourceIp { get; private set; } = "";

    public string? ReverseName { get; private set; }

    public long Count { get; private set; }

    public string Disposition { get; private set; } = "";

    public bool DkimAligned { get; private set; }

    public bool SpfAligned { get; private set; }

    public string? HeaderFrom { get; private set; }

    public string? EnvelopeFrom { get; private set; }

    public string? DkimResults { get; private set; }

    public string? SpfResults { get; private set; }

    public bool Passes => DkimAligned || SpfAligned;
}
