namespace SmartSender.Core.Instances;

/// <summary>One running (or lately running) instance, as its heartbeat last wrote it.</summary>
public class InstanceRecord
{
    public const int NameLength = 100;

    /// <summary><see cref="Delivery.DeliveryOptions.InstanceName"/>: unique per instance.</summary>
    public string Name { get; set; } = "";

    /// <summary>Its roles, comma-separated.</summary>
    public string Roles { get; set; } = "";

    public DateTime StartedAt { get; set; }

    public DateTime LastSeenAt { get; set; }

    /// <summary>Messages its pump delivered in the minute before <see cref="LastSeenAt"/>.</summary>
    public int DeliveredLastMinute { get; set; }

    /// <summary>What its delivery pump was doing at the last heartbeat.</summary>
    public string? Activity { get; set; }
}
