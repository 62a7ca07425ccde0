namespace SmartSender.Core.Delivery.Pools;

/// <summary>
/// The sending IPs listed on a blocklist, where listed IPs leave their pools' rotation (<c>Blocklists:RemoveListedIps</c>).
/// Blocklists answers (<see cref="Blocklists.ListedSendingIps"/>); the pools only ask.
/// </summary>
public interface IListedIps
{
    /// <summary>The listed IPs, read again when a listing was written since the last read; null when unchanged, or when listed IPs stay in.</summary>
    Task<IReadOnlySet<string>?> ChangedAsync(CancellationToken ct);
}
