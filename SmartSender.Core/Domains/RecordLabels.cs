namespace SmartSender.Core.Domains;

/// <summary>How a record is named to users.</summary>
public static class RecordLabels
{
    public static string Of(DnsRecordKind kind, string? selector) => kind switch
    {
        DnsRecordKind.Ownership => "Ownership",
        DnsRecordKind.Spf => "SPF",
        DnsRecordKind.Dkim => selector is null ? "DKIM" : $"DKIM ({selector})",
        DnsRecordKind.Dmarc => "DMARC",
        DnsRecordKind.ReturnPath => "Return-path (bounces)",
        _ => "Tracking",
    };
}
