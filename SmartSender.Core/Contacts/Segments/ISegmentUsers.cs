namespace SmartSender.Core.Contacts.Segments;

/// <summary>What may still need a segment, asked before it is deleted: campaigns not yet sent (Campaigns answers).</summary>
public interface ISegmentUsers
{
    Task<bool> UseAsync(Guid accountId, Guid segmentId, CancellationToken ct);
}
