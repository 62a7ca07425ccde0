using System.Text.RegularExpressions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>Typing faults a reader notices in a page's text: a missing space after a sentence, a doubled full stop.</summary>
public static partial class Proofread
{
    /// <summary>Each fault with a little of the text around it.</summary>
    public static IReadOnlyList<string> Faults(string text) =>
        [.. Fault().Matches(text).Select(m => text.Substring(Math.Max(0, m.Index - 30), Math.Min(text.Length, m.Index + m.Length + 30) - Math.Max(0, m.Index - 30)))];

    // "word.Word" or "word,Word" (but not "e.g." or "ASP.NET"), or ".." that is not an ellipsis "...".
    [GeneratedRegex(@"[a-z]{2}[.,][A-Z][a-z]|(?<!\.)\.\.(?!\.)")]
    private static partial Regex Fault();
}
