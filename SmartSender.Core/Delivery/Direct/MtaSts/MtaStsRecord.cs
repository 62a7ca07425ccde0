namespace SmartSender.Core.Delivery.Direct.MtaSts;

/// <summary>
/// The <c>_mta-sts.&lt;domain&gt;</c> TXT record (RFC 8461 §3.1): <c>v=STSv1; id=…;</c>, where the id (1 to 32
/// letters and digits) changes whenever the policy does. Records not starting with <c>v=STSv1</c> are ignored; any
/// number of them but exactly one, or one that does not parse, means the domain has no policy.
/// </summary>
public static class MtaStsRecord
{
    /// <summary>The policy id the domain announces, or null when it announces none.</summary>
    public static string? IdOf(IReadOnlyList<string> txt)
    {
        var candidates = txt.Where(t => t.StartsWith("v=STSv1;", StringComparison.Ordinal) || t == "v=STSv1").ToList();
        if (candidates.Count != 1)
        {
            return null;
        }

        string? id = null;
        foreach (var field in candidates[0].Split(';').Skip(1))
        {
            var equals = field.IndexOf('=');
            if (field.Trim().Length == 0)
            {
                continue;
            }

            if (equals <= 0)
            {
                return null;
            }

            if (field[..equals].Trim() == "id")
            {
                id = field[(equals + 1)..].Trim();
            }
        }

        return id is { Length: > 0 and <= 32 } && id.All(char.IsAsciiLetterOrDigit) ? id : null;
    }
}
