namespace SmartSender.Core.Domains;

/// <summary>A change of a record's status, kept with the DNS answer seen at the time. Only appended.</summary>
public class DomainCheckEvent
{
    private DomainCheckEvent()
    {
    }

    internal DomainCheckEvent(Guid domainId, DnsRecordKind kind, RecordStatus from, RecordStatus to, string? found, string? hint, DateTime at)
    {
        DomainId = domainId;
        Kind = kind;
        From = from;
        To = to;
        Found = found is { Length: > 2000 } ? found[..2000] : found;
        Hint = hint;
        OccurredAt = at;
    }

    public long Id { get; private set; }

    public Guid DomainId { get; private set; }

    public DnsRecordKind Kind { get; private set; }

    public RecordStatus From { get; private set; }

    public RecordStatus To { get; private set; }

    public string? Found { get; private set; }

    public string? Hint { get; private set; }

    public DateTime OccurredAt { get; private set; }
}
