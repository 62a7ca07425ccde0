namespace SmartSender.Core.Templates;

/// <summary>Moves CSS from &lt;style&gt; into style attributes, which is all many mail clients read (PreMailer.Net).</summary>
public static class CssInliner
{
    public static string Inline(string html)
    {
        if (!html.Contains("<style", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }

        return PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, removeComments: false).Html;
    }
}
