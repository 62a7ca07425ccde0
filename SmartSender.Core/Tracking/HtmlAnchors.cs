namespace SmartSender.Core.Tracking;

/// <summary>
/// Reads HTML the way a browser's tokenizer splits it into tags (WHATWG HTML, 13.2.5), far enough to find each
/// <c>&lt;a&gt;</c> start tag's first <c>href</c> and the end of the body: comments, doctypes and processing
/// instructions are skipped, and so is the text of elements whose content is not markup (script, style, textarea,
/// title, xmp, iframe, noembed, noframes; plaintext to the end). Nothing is built; positions are reported.
/// </summary>
internal static class HtmlAnchors
{
    private static readonly string[] RawTextElements = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"];

    /// <summary>An <c>href</c> attribute's value: where it is in the text with its quotes, if any, and without them.</summary>
    public readonly record struct Href(int Start, int Length, int ValueStart, int ValueLength);

    /// <summary>
    /// What one reading finds: the first <c>href</c> of each <c>&lt;a&gt;</c> start tag, in document order; and where
    /// content appended to the body goes: before the last <c>&lt;/body&gt;</c>, else before <c>&lt;/html&gt;</c>, else
    /// at the end, unless the text ends inside something that would swallow it (a comment, a script, a tag left
    /// open): then before that.
    /// </summary>
    public readonly record struct Found(List<Href> Hrefs, int BodyEnd);

    public static Found Read(string html)
    {
        var (hrefs, bodyEnd, htmlEnd, unclosed) = Scan(html);
        return new Found(hrefs, bodyEnd ?? htmlEnd ?? unclosed ?? html.Length);
    }

    private static (List<Href> Hrefs, int? BodyEnd, int? HtmlEnd, int? Unclosed) Scan(string html)
    {
        var hrefs = new List<Href>();
        int? bodyEnd = null, htmlEnd = null;
        var i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            var start = i;
            var next = html[i + 1];
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                i = CommentEnd(html, i + 4);
            }
            else if (next is '!' or '?')
            {
                i = After(html, '>', i + 2);
            }
            else if (next == '/' && i + 2 < html.Length && char.IsAsciiLetter(html[i + 2]))
            {
                var name = Name(html, i + 2);
                if (Is(html, name, "body"))
                {
                    bodyEnd = i;
                }
                else if (Is(html, name, "html"))
                {
                    htmlEnd = i;
                }

                i = After(html, '>', name.End);
            }
            else if (next == '/')
            {
                // "</>" is dropped, and "</" before anything but a letter starts a comment that runs to '>'.
                i = After(html, '>', i + 2);
            }
            else if (char.IsAsciiLetter(next))
            {
                var name = Name(html, i + 1);
                i = Attributes(html, name.End, Is(html, name, "a") ? hrefs : null);
                if (Is(html, name, "plaintext"))
                {
                    return (hrefs, bodyEnd, htmlEnd, start);
                }

                // A start tag the text ends in is dropped, href and all.
                if (i >= 0 && RawTextElements.FirstOrDefault(e => Is(html, name, e)) is { } raw)
                {
                    i = RawTextEnd(html, i, raw);
                }
            }
            else
            {
                i++;
                continue;
            }

            // The text ended inside what began at start (every reader says -1): a comment, a tag, a script's text.
            if (i < 0)
            {
                return (hrefs, bodyEnd, htmlEnd, start);
            }
        }

        return (hrefs, bodyEnd, htmlEnd, null);
    }

    /// <summary>
    /// Reads a start tag's attributes from <paramref name="i"/> to its <c>&gt;</c> and returns what follows it, or -1
    /// when the text ends first; the first href goes to <paramref name="hrefs"/> when given and the tag is closed.
    /// </summary>
    private static int Attributes(string html, int i, List<Href>? hrefs)
    {
        Href? href = null;
        while (i < html.Length)
        {
            while (i < html.Length && (IsSpace(html[i]) || html[i] == '/'))
            {
                i++;
            }

            if (i >= html.Length)
            {
                return -1;
            }

            if (html[i] == '>')
            {
                if (href is { } found)
                {
                    hrefs!.Add(found);
                }

                return i + 1;
            }

            // A name runs to a space, '/', '>' or '='; an '=' first is part of it.
            var nameStart = i++;
            while (i < html.Length && !IsSpace(html[i]) && html[i] is not ('/' or '>' or '='))
            {
                i++;
            }

            var isHref = i - nameStart == 4 && string.Compare(html, nameStart, "href", 0, 4, StringComparison.OrdinalIgnoreCase) == 0;
            var afterName = i;
            while (i < html.Length && IsSpace(html[i]))
            {
                i++;
            }

            if (i >= html.Length || html[i] != '=')
            {
                i = afterName;
                continue;
            }

            i++;
            while (i < html.Length && IsSpace(html[i]))
            {
                i++;
            }

            Href value;
            if (i < html.Length && html[i] is '"' or '\'')
            {
                var close = html.IndexOf(html[i], i + 1);
                var end = close < 0 ? html.Length : close;
                value = new Href(i, Math.Min(end + 1, html.Length) - i, i + 1, end - i - 1);
                i = Math.Min(end + 1, html.Length);
            }
            else
            {
                var start = i;
                while (i < html.Length && !IsSpace(html[i]) && html[i] != '>')
                {
                    i++;
                }

                value = new Href(start, i - start, start, i - start);
            }

            if (isHref && href is null && hrefs is not null)
            {
                href = value;
            }
        }

        return -1;
    }

    /// <summary>After a comment begun at <paramref name="i"/> (past <c>&lt;!--</c>): <c>--&gt;</c>, <c>--!&gt;</c>, or the abrupt <c>&lt;!--&gt;</c> and <c>&lt;!---&gt;</c>; -1 when it runs to the end.</summary>
    private static int CommentEnd(string html, int i)
    {
        if (i < html.Length && html[i] == '>')
        {
            return i + 1;
        }

        if (string.CompareOrdinal(html, i, "->", 0, 2) == 0)
        {
            return i + 2;
        }

        for (var j = html.IndexOf("--", i, StringComparison.Ordinal); j >= 0; j = html.IndexOf("--", j + 1, StringComparison.Ordinal))
        {
            if (j + 2 < html.Length && html[j + 2] == '>')
            {
                return j + 3;
            }

            if (string.CompareOrdinal(html, j + 2, "!>", 0, 2) == 0)
            {
                return j + 4;
            }
        }

        return -1;
    }

    /// <summary>Where the text of a raw-text element ends: at its end tag (<c>&lt;/name</c> then a space, '/' or '&gt;'); -1 when it has none.</summary>
    private static int RawTextEnd(string html, int i, string element)
    {
        for (var j = html.IndexOf("</", i, StringComparison.Ordinal); j >= 0; j = html.IndexOf("</", j + 2, StringComparison.Ordinal))
        {
            var after = j + 2 + element.Length;
            if (string.Compare(html, j + 2, element, 0, element.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (after >= html.Length || IsSpace(html[after]) || html[after] is '/' or '>'))
            {
                return j;
            }
        }

        return -1;
    }

    private static (int Start, int End) Name(string html, int start)
    {
        var end = start;
        while (end < html.Length && !IsSpace(html[end]) && html[end] is not ('/' or '>'))
        {
            end++;
        }

        return (start, end);
    }

    private static bool Is(string html, (int Start, int End) name, string element) =>
        name.End - name.Start == element.Length && string.Compare(html, name.Start, element, 0, element.Length, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Past the next <paramref name="c"/>, or -1 when there is none.</summary>
    private static int After(string html, char c, int from)
    {
        var at = html.IndexOf(c, Math.Min(from, html.Length));
        return at < 0 ? -1 : at + 1;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
