using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Delivery;

/// <summary>The <c>Delivery</c> section of appsettings.json.</summary>
public class DeliveryOptions
{
    public const string Section = "Delivery";

    [Required]
    public RelayOptions Relay { get; set; } = new();

    /// <summary>How long to wait before each retry of a deferred message; after the last, it fails.</summary>
    /// <remarks>No default here: the configuration binder appends to an initialised array instead of replacing it.</remarks>
    [MinLength(1)]
    public TimeSpan[] RetryDelays { get; set; } = [];
}
