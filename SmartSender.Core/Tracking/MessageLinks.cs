using Microsoft.Extensions.Options;

namespace SmartSender.Core.Tracking;

/// <summary>The links a message carries back to SmartSender, each named by the message's token, never by its id.</summary>
public class MessageLinks(IOptions<TrackingOptions> options)
{
    /// <summary>Stands in for a real token in previews, so a preview shows the link a message will have.</summary>
    public const string PreviewToken = "preview";

    private string Base => options.Value.BaseUrl.TrimEnd('/');

    public string UnsubscribeUrl(string token) => $"{Base}/u/{token}";

    /// <summary>The 1×1 pixel whose loading reports an open.</summary>
    public string OpenUrl(string token) => $"{Base}/o/{token}.gif";

    /// <summary>The <paramref name="index"/>th tracked link of the message: a number, never the URL itself.</summary>
    public string ClickUrl(string token, int index) => $"{Base}/c/{token}/{index}";

    /// <summary>Whether <paramref name="url"/> already points at SmartSender (the unsubscribe link is never wrapped).</summary>
    public bool IsOwn(string url) => url.StartsWith(Base + "/", StringComparison.OrdinalIgnoreCase);
}
