namespace SmartSender.Core.Domains;

/// <summary>The records a sending domain publishes. The first three decide whether it may send.</summary>
public enum DnsRecordKind
{
    Ownership,
    Spf,
    Dkim,
    Dmarc,
    ReturnPath,
    Tracking,
}

public enum RecordStatus
{
    /// <summary>Not checked yet, or not visible yet within the propagation grace period.</summary>
    Pending,
    Verified,

    /// <summary>Present, but wrong.</summary>
    Failing,

    /// <summary>Absent after the grace period.</summary>
    Missing,
}
