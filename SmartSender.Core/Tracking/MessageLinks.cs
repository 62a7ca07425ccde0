using Microsoft.Extensions.Options;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Tracking;

/// <summary>
/// The links a message carries back to SmartSender, each named by the message's token, never by its id: on the
/// sending domain's own tracking host when it has a verified one (<c>https://track.shop.example/…</c>), else on
/// <see cref="TrackingOptions.BaseUrl"/>.
/// </summary>
public class MessageLinks(IOptions<TrackingOptions> options) : IMessageLinks
{
    private string Global => options.Value.BaseUrl.TrimEnd('/');

    /// <summary>Whether a domain's verified tracking host carries its links (<see cref="TrackingOptions.DomainHosts"/>).</summary>
    public bool UsesDomainHosts => options.Value.DomainHosts != false;

    /// <summary>The host a domain's links use, given its verified tracking host; null for the global base URL.</summary>
    public string? HostFor(string? verifiedTrackingHost) => UsesDomainHosts ? verifiedTrackingHost : null;

    /// <summary>Where a domain's links point: its verified tracking host, or the global base URL.</summary>
    public string BaseFor(string? verifiedTrackingHost) => Base(verifiedTrackingHost);

    private string Base(string? host) => HostFor(host) is { } own ? $"{options.Value.DomainScheme}://{own}" : Global;

    public string UnsubscribeUrl(string token, string? host = null) => $"{Base(host)}/u/{token}";

    /// <summary>The 1×1 pixel whose loading reports an open.</summary>
    public string OpenUrl(string token, string? host = null) => $"{Base(host)}/o/{token}.gif";

    /// <summary>The <paramref name="index"/>th tracked link of the message: a number, never the URL itself.</summary>
    public string ClickUrl(string token, int index, string? host = null) => $"{Base(host)}/c/{token}/{index}";

    /// <summary>
    /// Whether <paramref name="url"/> already points at SmartSender (the unsubscribe link is never wrapped): the global
    /// base URL, or the tracking host of <paramref name="sendingDomain"/> by either scheme, verified or not, so that
    /// which links a message tracks never changes with the state of its domain's records.
    /// </summary>
    public bool IsOwn(string url, string? sendingDomain = null) =>
        url.StartsWith(Global + "/", StringComparison.OrdinalIgnoreCase)
        || (sendingDomain is { Length: > 0 } domain
            && (url.StartsWith($"https://{Domains.DomainRecords.TrackingLabel}.{domain}/", StringComparison.OrdinalIgnoreCase)
                || url.StartsWith($"http://{Domains.DomainRecords.TrackingLabel}.{domain}/", StringComparison.OrdinalIgnoreCase)));
}
