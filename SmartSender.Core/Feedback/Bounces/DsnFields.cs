using System.Text.RegularExpressions;


namespace SmartSender.Core.Feedback.Bounces;

/// <summary>One per-recipient block of a delivery status notification (RFC 3464).</summary>
/// <param name="DiagnosticType">The kind of <paramref name="Diagnostic"/>: "smtp", or "x-unix" for a local delivery program.</param>
/// <param name="StatusComment">Words some servers add to the Status field, e.g. "5.4.4 (Illegal host/domain name found)".</param>
public sealed record DsnRecipient(string? Address, string? Action, string? Status, string? Diagnostic, string? DiagnosticType, string? StatusComment = null);

/// <summary>
/// Reads the fields of a <c>message/delivery-status</c> body, or of the same fields pasted into a text part as some
/// servers do: blocks separated by blank lines, folded lines unfolded.
/// </summary>
public static partial class DsnFields
{
    public static List<DsnRecipient> Read(string text)
    {
        var recipients = new List<DsnRecipient>();
        foreach (var block in ReportFields.Blocks(text))
        {
            var address = Value(block, "Final-Recipient") ?? Value(block, "Original-Recipient");
            if (address is null)
            {
                continue;
            }

            recipients.Add(new DsnRecipient(
                AfterType(address)?.Trim('<', '>', ' '),
                Value(block, "Action")?.Split(' ', '(')[0].Trim().ToLowerInvariant(),
                Value(block, "Status") is { } status && StatusCode().Match(status) is { Success: true } m ? m.Value : null,
                AfterType(Value(block, "Diagnostic-Code")),
                Value(block, "Diagnostic-Code")?.Split(';')[0].Trim().ToLowerInvariant(),
                Value(block, "Status") is { } withComment && withComment.IndexOf('(') is >= 0 and var open ? withComment[open..].Trim('(', ')', ' ') : null));
        }

        return recipients;
    }

    public static bool Contains(string text) => FinalRecipient().IsMatch(text);

    private static string? Value(Dictionary<string, string> block, string name) =>
        block.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>"rfc822; ann@example.com" → "ann@example.com"; "smtp; 550 …" → "550 …".</summary>
    private static string? AfterType(string? value) =>
        value is null ? null : value.IndexOf(';') is >= 0 and var semi && semi < 12 ? value[(semi + 1)..].Trim() : value.Trim();

    [GeneratedRegex(@"[245]\.\d{1,3}\.\d{1,3}")]
    private static partial Regex StatusCode();

    [GeneratedRegex(@"^(Final|Original)-Recipient\s*:", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FinalRecipient();
}
