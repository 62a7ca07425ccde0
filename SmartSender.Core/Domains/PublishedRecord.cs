using System.Text;

namespace SmartSender.Core.Domains;

/// <summary>
/// One record to publish, as a DNS provider's form wants it: the host relative to the zone ("@" for the
/// zone itself) and as a full name, the type, and the value, split into strings of at most 255 bytes where
/// a TXT value is longer (RFC 7208 §3.3, RFC 6376 §3.6.2.2).
/// </summary>
public record PublishedRecord(DnsRecordKind Kind, string? Selector, string Type, string Host, string FullName, string Value, bool DecidesSending, string Purpose)
{
    public IReadOnlyList<string> ValueStrings => Type == "TXT" ? SplitTxt(Value) : [Value];

    /// <summary>The value as a zone file writes it: quoted strings, side by side.</summary>
    public string ZoneFileValue => Type == "TXT" ? string.Join(' ', ValueStrings.Select(s => $"\"{s}\"")) : Value + ".";

    public static IReadOnlyList<string> SplitTxt(string value)
    {
        var parts = new List<string>();
        var bytes = Encoding.ASCII.GetBytes(value);
        for (var i = 0; i < bytes.Length; i += 255)
        {
            parts.Add(Encoding.ASCII.GetString(bytes, i, Math.Min(255, bytes.Length - i)));
        }

        return parts.Count == 0 ? [""] : parts;
    }
}
