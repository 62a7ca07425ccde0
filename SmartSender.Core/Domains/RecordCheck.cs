namespace SmartSender.Core.Domains;

/// <summary>
/// The latest check of one record of a domain: what SmartSender expected, what DNS answered, and in plain
/// words the likely mistake when they differ. For DKIM, <see cref="Selector"/> names the key.
/// </summary>
public class RecordCheck
{
    private RecordCheck()
    {
    }

    internal RecordCheck(Guid domainId, DnsRecordKind kind, string? selector)
    {
        Id = Guid.NewGuid();
        DomainId = domainId;
        Kind = kind;
        Selector = selector;
        Status = RecordStatus.Pending;
    }

    public Guid Id { get; private set; }

    public Guid DomainId { get; private set; }

    public DnsRecordKind Kind { get; private set; }

    public string? Selector { get; private set; }

    public RecordStatus Status { get; private set; }

    public string? Found { get; private set; }

    public string? Hint { get; private set; }

    public DateTime? CheckedAt { get; private set; }

    /// <summary>Applies a finding; true when the status changed.</summary>
    internal bool Apply(RecordFinding finding, DateTime now)
    {
        var changed = Status != finding.Status;
        (Status, Found, Hint, CheckedAt) = (finding.Status, Truncate(finding.Found), finding.Hint, now);
        return changed;
    }

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] + "…" : text;
}

/// <summary>The result of looking at one record in DNS.</summary>
public record RecordFinding(RecordStatus Status, string? Found, string? Hint = null);
