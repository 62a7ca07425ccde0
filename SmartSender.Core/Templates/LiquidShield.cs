using System.Text.RegularExpressions;

namespace SmartSender.Core.Templates;

/// <summary>
/// Lets HTML tools (CSS inlining, text conversion) work on a Liquid template once, at parse time, instead of
/// on every rendered message: tags become HTML comments, outputs become plain tokens, and both are put back
/// afterwards. Null when the tool lost or duplicated a placeholder, so the caller can fall back.
/// </summary>
public static partial class LiquidShield
{
    public static string? Transform(string template, Func<string, string> tool)
    {
        var originals = new List<string>();
        var shielded = Liquid().Replace(template, m =>
        {
            originals.Add(m.Value);
            var n = originals.Count - 1;
            return m.Value.StartsWith("{%", StringComparison.Ordinal) ? $"<!--lq:{n}-->" : $"LQ{n}QL";
        });
        var transformed = tool(shielded);
        var restored = 0;
        var result = Placeholder().Replace(transformed, m =>
        {
            restored++;
            return originals[int.Parse(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)];
        });
        return restored == originals.Count ? result : null;
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex Liquid();

    [GeneratedRegex(@"<!--lq:(\d+)-->|LQ(\d+)QL")]
    private static partial Regex Placeholder();
}
