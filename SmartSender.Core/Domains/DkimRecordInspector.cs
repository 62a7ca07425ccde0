namespace SmartSender.Core.Domains;

/// <summary>Compares a published DKIM record with the expected one, and names how it was mangled.</summary>
public static class DkimRecordInspector
{
    public static bool Matches(string found, string expected) =>
        PublicKeyOf(found) is { Length: > 0 } key && key == PublicKeyOf(expected);

    public static string Explain(IReadOnlyList<string> found, string expected)
    {
        var record = found[0];
        var want = PublicKeyOf(expected)!;
        if (record.Contains('"') || record.Contains('\\'))
        {
            return "The value contains quote marks or backslashes: it was pasted with the quotes of another split. Paste it again without quotes, or as the separate strings shown, each in its own quotes if your provider asks for them.";
        }

        if (PublicKeyOf(record) is not { Length: > 0 } key)
        {
            return $"The record has no p= key. Its value must be exactly: {expected}";
        }

        if (want.StartsWith(key, StringComparison.Ordinal))
        {
            return $"The key was cut off after {key.Length} of {want.Length} characters. Some DNS providers need a long value split into strings of at most 255 characters: use the split value shown.";
        }

        return "A different DKIM key is published at this name (perhaps from an earlier setup or another service). Replace it with the value shown.";
    }

    /// <summary>The p= tag without folding white space, which RFC 6376 §3.2 allows inside it.</summary>
    private static string? PublicKeyOf(string record) =>
        record.Split(';').Select(t => t.Trim()).Where(t => t.StartsWith("p=", StringComparison.Ordinal))
            .Select(t => string.Concat(t[2..].Where(c => !char.IsWhiteSpace(c)))).FirstOrDefault();
}
