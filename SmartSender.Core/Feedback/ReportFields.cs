namespace SmartSender.Core.Feedback;

/// <summary>
/// The "Name: value" blocks of machine-readable report parts (<c>message/delivery-status</c>,
/// <c>message/feedback-report</c>): blocks separated by blank lines, folded lines unfolded; a name seen twice in a block begins the next one.
/// </summary>
public static class ReportFields
{
    public static IEnumerable<Dictionary<string, string>> Blocks(string text)
    {
        var block = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Trim().Length == 0)
            {
                if (block.Count > 0)
                {
                    yield return block;
                }

                block = new(StringComparer.OrdinalIgnoreCase);
                last = null;
            }
            else if (char.IsWhiteSpace(raw[0]) && last is not null)
            {
                block[last] += " " + raw.Trim();
            }
            else if (raw.IndexOf(':') is > 0 and var colon && !raw[..colon].Contains(' '))
            {
                last = raw[..colon].Trim();

                // Some servers run the recipients' blocks together: a field seen twice begins the next block.
                if (block.ContainsKey(last))
                {
                    yield return block;
                    block = new(StringComparer.OrdinalIgnoreCase);
                }

                block[last] = raw[(colon + 1)..].Trim();
            }
        }

        if (block.Count > 0)
        {
            yield return block;
        }
    }
}
