using System.Net;
using System.Text;

namespace SmartSender.Core.Tracking;

/// <summary>
/// Click and open tracking of an HTML body. The links are numbered in document order; the number is all a tracked
/// link carries, and the click handler finds the URL again by numbering the stored body the same way, so no URL is
/// ever taken from a request (no open redirect).
/// The body is not parsed into a document and written out again: <see cref="HtmlAnchors"/> finds each
/// <c>&lt;a href&gt;</c> where a browser would (not in comments, scripts, styles, titles or text areas), and only
/// the tracked links' values change, so what goes out is the author's markup byte for byte otherwise.
/// </summary>
public static class TrackedHtml
{
    /// <summary>The http(s) links of <paramref name="html"/> that tracking wraps, in order.</summary>
    public static IReadOnlyList<string> Links(string? html, MessageLinks links, string? sendingDomain = null)
    {
        if (string.IsNullOrEmpty(html))
        {
            return [];
        }

        return [.. HtmlAnchors.Read(html).Hrefs.Select(h => Url(html, h)).Where(href => IsTracked(href, links, sendingDomain))];
    }

    /// <summary>
    /// The body as it goes out: tracked links wrapped, and the pixel at the end of the body when opens are tracked, on
    /// <paramref name="host"/> (the domain's verified tracking host) or the global base URL.
    /// </summary>
    public static string Apply(string html, MessageLinks links, string token, bool opens, bool clicks, string? host = null, string? sendingDomain = null)
    {
        if (!opens && !clicks)
        {
            return html;
        }

        // Edits in text order: each tracked value replaced, quotes and all (a tracking URL needs no escaping in double
        // quotes), and the pixel inserted where the body ends, which links after a closing </body> come after.
        var found = HtmlAnchors.Read(html);
        var edits = new List<(int Start, int Length, string Text)>();
        if (clicks)
        {
            var index = 0;
            edits.AddRange(found.Hrefs.Where(h => IsTracked(Url(html, h), links, sendingDomain)).Select(h => (h.Start, h.Length, $"\"{links.ClickUrl(token, index++, host)}\"")));
        }

        if (opens)
        {
            edits.Add((found.BodyEnd, 0, $"<img src=\"{links.OpenUrl(token, host)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">"));
        }

        var output = new StringBuilder(html.Length + 512);
        var copied = 0;
        foreach (var (start, length, text) in edits.OrderBy(e => e.Start))
        {
            output.Append(html, copied, start - copied).Append(text);
            copied = start + length;
        }

        return output.Append(html, copied, html.Length - copied).ToString();
    }

    /// <summary>The attribute's value as a browser reads it: unquoted, character references decoded, trimmed.</summary>
    private static string Url(string html, HtmlAnchors.Href href) =>
        WebUtility.HtmlDecode(html.Substring(href.ValueStart, href.ValueLength)).Trim();

    private static bool IsTracked(string href, MessageLinks links, string? sendingDomain) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !links.IsOwn(href, sendingDomain);
}
