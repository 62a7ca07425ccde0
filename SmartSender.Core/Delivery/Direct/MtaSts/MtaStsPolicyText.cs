using System.Globalization;

namespace SmartSender.Core.Delivery.Direct.MtaSts;

/// <summary>
/// Reads a policy file (RFC 8461 §3.2): <c>key: value</c> lines separated by CRLF (a bare LF is accepted),
/// <c>version: STSv1</c>, a <c>mode</c>, a <c>max_age</c> in seconds and, unless the mode is none, one or more
/// <c>mx</c> lines. Unknown keys are ignored, as the RFC's extension rule says.
/// </summary>
public static class MtaStsPolicyText
{
    /// <summary>The largest policy file read; RFC 8461 §3.3 lets senders refuse bigger ones (64 KiB is its own example).</summary>
    public const int MaxBytes = 64 * 1024;

    public static ParsedPolicy Parse(string text, string id, DateTimeOffset now)
    {
        string? version = null;
        string? mode = null;
        string? maxAge = null;
        var mx = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                return new ParsedPolicy(null, $"the line \"{Shorten(line)}\" is not \"key: value\"");
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "version": version ??= value; break;
                case "mode": mode ??= value; break;
                case "max_age": maxAge ??= value; break;
                case "mx": mx.Add(value.TrimEnd('.').ToLowerInvariant()); break;
            }
        }

        if (version != "STSv1")
        {
            return new ParsedPolicy(null, version is null ? "it has no version" : $"its version \"{Shorten(version)}\" is not STSv1");
        }

        MtaStsMode? parsedMode = mode switch
        {
            "enforce" => MtaStsMode.Enforce,
            "testing" => MtaStsMode.Testing,
            "none" => MtaStsMode.None,
            _ => null,
        };
        if (parsedMode is not { } known)
        {
            return new ParsedPolicy(null, mode is null ? "it has no mode" : $"its mode \"{Shorten(mode)}\" is none of enforce, testing, none");
        }

        if (maxAge is null || maxAge.Length > 10 || !maxAge.All(char.IsAsciiDigit)
            || !long.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new ParsedPolicy(null, maxAge is null ? "it has no max_age" : $"its max_age \"{Shorten(maxAge)}\" is not a number of seconds");
        }

        if (known != MtaStsMode.None && (mx.Count == 0 || mx.Any(p => !IsPattern(p))))
        {
            return new ParsedPolicy(null, mx.Count == 0 ? "it lists no mx" : "an mx line is not a host name or *.domain");
        }

        var age = TimeSpan.FromSeconds(Math.Min(seconds, (long)MtaStsPolicy.LongestMaxAge.TotalSeconds));
        return new ParsedPolicy(new MtaStsPolicy(known, mx, age, id, now + age), null);
    }

    private static bool IsPattern(string pattern)
    {
        var host = pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..] : pattern;
        return host.Length is > 0 and <= 253 && host.Contains('.')
            && host.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A parsed policy, or why the text is not one.</summary>
public sealed record ParsedPolicy(MtaStsPolicy? Policy, string? Error);
