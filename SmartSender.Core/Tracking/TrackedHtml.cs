using AngleSharp.Html.Parser;

namespace SmartSender.Core.Tracking;

/// <summary>
/// Click and open tracking of an HTML body. The links are numbered in document order; the number is all a tracked
/// link carries, and the click handler finds the URL again by numbering the stored body the same way, so no URL is
/// ever taken from a request (no open redirect).
/// </summary>
public static class TrackedHtml
{
    // A parser builds its browsing context and configuration when made, which costs more than parsing a mail's
    // body; one per thread, as a parser instance is not meant to be shared by concurrent parses.
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());

    /// <summary>The http(s) links of <paramref name="html"/> that tracking wraps, in order.</summary>
    public static IReadOnlyList<string> Links(string? html, MessageLinks links)
    {
        if (string.IsNullOrEmpty(html))
        {
            return [];
        }

        return [.. Anchors(Parser.Value!.ParseDocument(html))
            .Select(a => a.GetAttribute("href")!.Trim())
            .Where(href => IsTracked(href, links))];
    }

    /// <summary>The body as it goes out: tracked links wrapped, and the pixel at the end when opens are tracked.</summary>
    public static string Apply(string html, MessageLinks links, string token, bool opens, bool clicks)
    {
        if (!opens && !clicks)
        {
            return html;
        }

        var document = Parser.Value!.ParseDocument(html);
        if (clicks)
        {
            var index = 0;
            foreach (var anchor in Anchors(document))
            {
                if (IsTracked(anchor.GetAttribute("href")!.Trim(), links))
                {
                    anchor.SetAttribute("href", links.ClickUrl(token, index++));
                }
            }
        }

        if (opens && document.Body is { } body)
        {
            var pixel = document.CreateElement("img");
            pixel.SetAttribute("src", links.OpenUrl(token));
            pixel.SetAttribute("width", "1");
            pixel.SetAttribute("height", "1");
            pixel.SetAttribute("alt", "");
            pixel.SetAttribute("style", "display:block;border:0;width:1px;height:1px");
            body.AppendChild(pixel);
        }

        return document.DocumentElement.OuterHtml;
    }

    /// <summary>What <c>a[href]</c> selects, in document order, without parsing the selector each time.</summary>
    private static IEnumerable<AngleSharp.Dom.IElement> Anchors(AngleSharp.Dom.IDocument document) =>
        document.GetElementsByTagName("a").Where(a => a.HasAttribute("href"));

    private static bool IsTracked(string href, MessageLinks links) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !links.IsOwn(href);
}
