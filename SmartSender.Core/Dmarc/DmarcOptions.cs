using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Dmarc;

/// <summary>The <c>Dmarc</c> section: limits on the aggregate reports the inbound listener reads.</summary>
public class DmarcOptions
{
    public const string Section = "Dmarc";

    /// <summary>The largest report read, once decompressed; a larger one (a zip bomb) is refused.</summary>
    [Range(10_000, 1_000_000_000)]
    public long MaxUncompressedBytes { get; set; } = 20_000_000;

    /// <summary>The most <c>record</c> rows one report may hold.</summary>
    [Range(1, 10_000_000)]
    public int MaxRecords { get; set; } = 50_000;

    /// <summary>The most distinct source IPs of one report whose reverse name (PTR) is looked up.</summary>
    [Range(0, 10_000)]
    public int ReverseLookupsPerReport { get; set; } = 100;
}
