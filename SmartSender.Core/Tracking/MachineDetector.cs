using System.Text.RegularExpressions;

namespace SmartSender.Core.Tracking;

/// <summary>
/// Tells opens and clicks of people from those of security scanners and link prefetchers: a HEAD request, no user
/// agent or a scanner's, or a request within seconds of delivery, before any person could have read the mail.
/// Machine events are kept (they are evidence) but counted apart.
/// </summary>
public static partial class MachineDetector
{
    public static string? Why(TrackingHit hit, DateTime? sentAt, TimeSpan window)
    {
        if (hit.Head)
        {
            return "HEAD request";
        }

        if (string.IsNullOrWhiteSpace(hit.UserAgent))
        {
            return "no user agent";
        }

        if (Scanners().IsMatch(hit.UserAgent))
        {
            return "scanner or prefetcher user agent";
        }

        return sentAt is { } sent && hit.At - sent < window ? $"within {window.TotalSeconds:0} s of delivery" : null;
    }

    [GeneratedRegex(
        @"bot\b|bot/|crawler|spider|preview|prefetch|scanner|barracuda|mimecast|proofpoint|fireeye|trendmicro|symantec|messagelabs|forcepoint|sophos|zscaler|safelinks|ms-office|microsoft office|python-requests|python-urllib|curl/|wget/|go-http-client|^java/|okhttp|libwww|httpclient|headless|phantomjs|facebookexternalhit|skypeuripreview|whatsapp",
        RegexOptions.IgnoreCase)]
    private static partial Regex Scanners();
}
