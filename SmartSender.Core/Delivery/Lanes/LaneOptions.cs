using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>What one sending IP may send to one mailbox provider.</summary>
public class LaneLimits
{
    [Range(1, 10_000_000)]
    public int PerHour { get; set; } = 3_600;

    [Range(1, 100_000_000)]
    public int PerDay { get; set; } = 50_000;

    [Range(1, 100)]
    public int Connections { get; set; } = 2;

    [Range(1, 10_000)]
    public int MessagesPerConnection { get; set; } = 100;
}

/// <summary>The <c>Delivery:Lanes</c> section: limits per provider, and how a lane slows down and recovers.</summary>
public class LaneOptions
{
    public const string Section = "Delivery:Lanes";

    /// <summary>Limits of providers without their own entry.</summary>
    [Required]
    public LaneLimits Default { get; set; } = new();

    /// <summary>Limits by provider name (as <c>Delivery:Providers</c> names them: Gmail, Outlook, Yahoo, …).</summary>
    public Dictionary<string, LaneLimits> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A throttled lane never goes below this many messages per hour.</summary>
    [Range(1, 1_000_000)]
    public int MinimumPerHour { get; set; } = 60;

    /// <summary>What a "slow down" reply multiplies the lane's rate by.</summary>
    [Range(0.05, 0.95)]
    public double DecreaseFactor { get; set; } = 0.5;

    /// <summary>The share of the limit a clean lane gains back per <see cref="RecoveryInterval"/>.</summary>
    [Range(0.01, 1)]
    public double RecoveryStep { get; set; } = 0.1;

    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The pause after a first "slow down"; it doubles with each one that follows, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Daily caps of a new sending IP, day by day from its first message; after the last day only the limits apply.</summary>
    /// <remarks>No default here: the configuration binder appends to an initialised array.</remarks>
    public int[] WarmUp { get; set; } = [];

    /// <summary>The relay paces mail itself, so its lane is not limited unless configured.</summary>
    public static LaneLimits RelayDefault { get; } = new() { PerHour = 10_000_000, PerDay = 100_000_000, Connections = 10, MessagesPerConnection = 1_000 };

    public LaneLimits LimitsFor(string provider) =>
        Providers.TryGetValue(provider, out var limits) ? limits : provider == "Relay" ? RelayDefault : Default;
}
