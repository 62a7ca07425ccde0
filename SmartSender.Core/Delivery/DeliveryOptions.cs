using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery;

/// <summary>The <c>Delivery</c> section of appsettings.json.</summary>
public class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Relay: every message to <see cref="Relay"/>. Direct: to each recipient domain's MX (<c>Delivery:Direct</c>).</summary>
    public DeliveryMode Mode { get; set; } = DeliveryMode.Relay;

    [Required]
    public RelayOptions Relay { get; set; } = new();

    /// <summary>The most that a message's attachments may add up to, decoded.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxAttachmentBytes { get; set; } = Messages.AttachmentValidator.DefaultMaxTotalBytes;

    /// <summary>How long to wait before each retry of a deferred message; after the last, its delay repeats until <see cref="MaxAge"/>.</summary>
    /// <remarks>No default here: the configuration binder appends to an initialised array instead of replacing it.</remarks>
    [MinLength(1)]
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>A message still deferred this long after it was due expires.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(72);
}

public enum DeliveryMode
{
    Relay,
    Direct,
}
