using Microsoft.Extensions.Options;

namespace SmartSender.Core.Tracking;

/// <summary>The links a message carries back to SmartSender, each named by the message's token, never by its id.</summary>
public class MessageLinks(IOptions<TrackingOptions> options)
{
    /// <summary>Stands in for a real token in previews, so a preview shows the link a message will have.</summary>
    public const string PreviewToken = "preview";

    public string UnsubscribeUrl(string token) => $"{options.Value.BaseUrl.TrimEnd('/')}/u/{token}";
}
