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
    public static IReadOnlyList<string> Links(string? html, MessageLinks links)
    {
        if (string.IsNullOrEmpty(html))
        {
            return [];
        }

        return [.. HtmlAnchors.Hrefs(html).Select(h => Url(html, h)).Where(href => IsTracked(href, links))];
    }

    /// <summary>The body as it goes out: tracked links wrapped, and the pixel at the end of the body when opens are tracked.</summary>
    public static string Apply(string html, MessageLinks links, string token, bool opens, bool clicks)
    {
        if (!opens && !clicks)
        {
            return html;
        }

        var output = new StringBuilder(html.Length + 512);
        var copied = 0;
        if (clicks)
        {
            var index = 0;
            foreach (var href in HtmlAnchors.Hrefs(html))
            {
                if (!IsTracked(Url(html, href), links))
                {
                    continue;
                }

                // The new value replaces the old one, quotes and all: a tracking URL needs no escaping in double quotes.
                output.Append(html, copied, href.Start - copied).Append('"').Append(links.ClickUrl(token, index++)).Append('"');
                copied = href.Start + href.Length;
            }
        }

        if (opens)
        {
            var end = HtmlAnchors.BodyEnd(html);
            output.Append(html, copied, end - copied)
                .Append("<img src=\"").Append(links.OpenUrl(token)).Append("\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">");
            copied = end;
        }

        return output.Append(html, copied, html.Length - copied).ToString();
    }

    /// <summary>The attribute's value as a browser reads it: unquoted, character references decoded, trimmed.</summary>
    private static string Url(string html, HtmlAnchors.Href href) =>
        WebUtility.HtmlDecode(html.Substring(href.ValueStart, href.ValueLength)).Trim();

    private static bool IsTracked(string href, MessageLinks links) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !links.IsOwn(href);
}
