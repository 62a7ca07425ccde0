using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SmartSender.Core.Common;

/// <summary>The plain-text part of a message made from its HTML when the user wrote none: paragraphs, lists and links kept readable.</summary>
public static partial class HtmlToText
{
    private static readonly HashSet<string> Blocks = ["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "TR", "UL", "OL", "BLOCKQUOTE", "SECTION", "ARTICLE", "HEADER", "FOOTER", "HR"];
    private static readonly HashSet<string> Skipped = ["HEAD", "STYLE", "SCRIPT", "TITLE"];

    // Making a parser costs more than a parse; one per thread (see Tracking/TrackedHtml).
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());

    public static string Convert(string html)
    {
        var document = Parser.Value!.ParseDocument(html);
        var text = new StringBuilder();
        Write(document.Body ?? (INode)document, text);
        var lines = text.ToString().Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static void Write(INode node, StringBuilder text)
    {
        if (node is IText t)
        {
            text.Append(t.Data.Replace('\n', ' '));
            return;
        }

        // A Liquid tag shielded as a comment (LiquidShield) stays where it was.
        if (node is IComment { Data: var data } && data.StartsWith("lq:", StringComparison.Ordinal))
        {
            text.Append("<!--").Append(data).Append("-->");
            return;
        }

        if (node is not IElement element)
        {
            foreach (var child in node.ChildNodes)
            {
                Write(child, text);
            }

            return;
        }

        var tag = element.TagName;
        if (Skipped.Contains(tag))
        {
            return;
        }

        switch (tag)
        {
            case "BR":
                text.Append('\n');
                return;
            case "LI":
                text.Append("\n- ");
                break;
            case "TD" or "TH":
                text.Append(' ');
                break;
        }

        if (Blocks.Contains(tag))
        {
            text.Append("\n\n");
        }

        foreach (var child in element.ChildNodes)
        {
            Write(child, text);
        }

        if (tag == "A" && element.GetAttribute("href") is { Length: > 0 } href && !href.StartsWith('#') && href != element.TextContent.Trim())
        {
            text.Append(" (").Append(href).Append(')');
        }

        if (Blocks.Contains(tag))
        {
            text.Append("\n\n");
        }
    }

    [GeneratedRegex("[ \t\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankLines();
}
