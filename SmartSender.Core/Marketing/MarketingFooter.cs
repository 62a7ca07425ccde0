using System.Net;
using System.Text.RegularExpressions;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Marketing;

/// <summary>
/// Makes sure a marketing message lets its recipient unsubscribe and says who sent it: where the content has
/// no unsubscribe link (or the postal address is set but missing), a short footer with them is added, in HTML
/// before <c>&lt;/body&gt;</c> and at the end of the text.
/// </summary>
public static partial class MarketingFooter
{
    public static (string? Html, string? Text) Apply(string? html, string? text, string unsubscribeUrl, string? postalAddress)
    {
        var needsLink = !Contains(html, text, unsubscribeUrl);
        var address = string.IsNullOrWhiteSpace(postalAddress) ? null : postalAddress.Trim();
        var firstLine = address?.Split('\n')[0].Trim();
        var needsAddress = firstLine is not null && !Contains(html, text, firstLine);
        if (!needsLink && !needsAddress)
        {
            return (html, text);
        }

        var link = needsLink ? unsubscribeUrl : null;
        var shownAddress = needsAddress ? address : null;
        return (
            html is null ? null : InsertBeforeBodyEnd(html, HtmlFooter(link, shownAddress)),
            text is null ? null : text.TrimEnd() + TextFooter(link, shownAddress));
    }

    private static bool Contains(string? html, string? text, string plain) =>
        (text?.Contains(plain, StringComparison.Ordinal) ?? false) || (html?.Contains(WebUtility.HtmlEncode(plain), StringComparison.Ordinal) ?? false);

    private static string HtmlFooter(string? unsubscribeUrl, string? address)
    {
        var parts = new List<string>();
        if (address is not null)
        {
            parts.Add(string.Join("<br>", address.Split('\n').Select(l => WebUtility.HtmlEncode(l.Trim()))));
        }

        if (unsubscribeUrl is not null)
        {
            parts.Add($"<a href=\"{WebUtility.HtmlEncode(unsubscribeUrl)}\" style=\"color:#6b7280\">Unsubscribe</a>");
        }

        return "<div data-smartsender-footer style=\"margin-top:32px;font-family:Arial,sans-serif;font-size:12px;line-height:18px;color:#6b7280;text-align:center\">"
            + string.Join("<br><br>", parts) + "</div>";
    }

    private static string TextFooter(string? unsubscribeUrl, string? address)
    {
        var lines = new List<string> { "", "", "--" };
        if (address is not null)
        {
            lines.AddRange(address.Split('\n').Select(l => l.Trim()));
        }

        if (unsubscribeUrl is not null)
        {
            lines.Add($"Unsubscribe: {unsubscribeUrl}");
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string InsertBeforeBodyEnd(string html, string footer)
    {
        var end = BodyEnd().Matches(html).LastOrDefault();
        return end is null ? html + footer : html.Insert(end.Index, footer);
    }

    [GeneratedRegex("</body\\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BodyEnd();
}
