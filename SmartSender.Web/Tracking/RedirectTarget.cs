using System.Text;

namespace SmartSender.Web.Tracking;

/// <summary>
/// A tracked link's URL as a <c>Location</c> header may carry it (RFC 9110 §10.2.2, RFC 3986): the host in its ASCII
/// (punycode) form, and every other character outside printable ASCII percent-encoded as UTF-8, so neither a
/// non-ASCII character nor a line break (an <c>&amp;#13;&amp;#10;</c> in an href) reaches the header as it is.
/// </summary>
public static class RedirectTarget
{
    /// <summary>The header value, or null when the URL is not an absolute http or https URL.</summary>
    public static string? For(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        string absolute;
        try
        {
            absolute = new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri;
        }
        catch (UriFormatException)
        {
            return null;
        }

        return Escape(absolute);
    }

    private static string Escape(string value)
    {
        if (value.All(c => c is > ' ' and < '\u007f'))
        {
            return value;
        }

        var escaped = new StringBuilder(value.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is > ' ' and < 0x7f)
            {
                escaped.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return escaped.ToString();
    }
}
