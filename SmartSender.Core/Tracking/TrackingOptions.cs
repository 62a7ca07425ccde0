using System.ComponentModel.DataAnnotations;

namespace SmartSender.Core.Tracking;

/// <summary>The <c>Tracking</c> section of appsettings.json.</summary>
public class TrackingOptions
{
    public const string Section = "Tracking";

    /// <summary>The address recipients reach SmartSender at, for unsubscribe links: https in production.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "http://localhost:5080";
}
