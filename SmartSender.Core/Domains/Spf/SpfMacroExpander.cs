using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmartSender.Core.Domains.Spf;

/// <summary>Macro syntax and expansion, RFC 7208 §7.</summary>
public static class SpfMacroExpander
{
    private const string Letters = "slodiphvcrt";
    private const string ExpOnlyLetters = "crt";
    private const string Delimiters = ".-+,/_=";

    public static bool IsValidMacroString(string value, bool inExplanation = false) => Tokenize(value, inExplanation) is not null;

    /// <summary>domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand.</summary>
    public static bool IsValidDomainSpec(string spec)
    {
        var tokens = Tokenize(spec, inExplanation: false);
        if (tokens is null || tokens.Count == 0)
        {
            return false;
        }

        if (tokens[^1] is MacroToken)
        {
            return true;
        }

        var literal = string.Concat(tokens.AsEnumerable().Reverse().TakeWhile(t => t is LiteralToken).Reverse().Select(t => ((LiteralToken)t).Text));
        var trimmed = literal.EndsWith('.') ? literal[..^1] : literal;
        var dot = trimmed.LastIndexOf('.');
        return dot >= 0 && IsTopLabel(trimmed[(dot + 1)..]);
    }

    /// <summary>Expands a macro-string; null when it is not valid.</summary>
    public static async Task<string?> ExpandAsync(string value, SpfMacroContext context, bool inExplanation)
    {
        var tokens = Tokenize(value, inExplanation);
        if (tokens is null)
        {
            return null;
        }

        var result = new StringBuilder();
        foreach (var token in tokens)
        {
            switch (token)
            {
                case LiteralToken literal:
                    result.Append(literal.Text);
                    break;
                case MacroToken macro:
                    var expanded = await ExpandMacroAsync(macro, context);
                    if (expanded is null)
                    {
                        return null;
                    }

                    result.Append(expanded);
                    break;
            }
        }

        return result.ToString();
    }

    /// <summary>After expansion a domain longer than 253 octets loses labels from the left (§7.3).</summary>
    public static string TrimDomain(string domain)
    {
        while (domain.TrimEnd('.').Length > 253 && domain.IndexOf('.') is var dot and >= 0)
        {
            domain = domain[(dot + 1)..];
        }

        return domain;
    }

    private static async Task<string?> ExpandMacroAsync(MacroToken macro, SpfMacroContext context)
    {
        var raw = char.ToLowerInvariant(macro.Letter) switch
        {
            's' => context.Sender,
            'l' => context.LocalPart,
            'o' => context.SenderDomain,
            'd' => context.Domain,
            'i' => DottedIp(context.ClientIp),
            'p' => await context.ValidatedNameAsync(),
            'v' => context.ClientIp.AddressFamily == AddressFamily.InterNetworkV6 ? "ip6" : "in-addr",
            'h' => context.Helo,
            'c' => context.ClientIp.ToString(),
            'r' => context.ReceiverName,
            't' => context.Now.ToUnixTimeSeconds().ToString(),
            _ => null,
        };
        if (raw is null)
        {
            return null;
        }

        var delimiters = macro.Delimiters.Length == 0 ? "." : macro.Delimiters;
        IEnumerable<string> parts = raw.Split(delimiters.ToCharArray());
        if (macro.Reverse)
        {
            parts = parts.Reverse();
        }

        var list = parts.ToList();
        if (macro.Digits is { } keep)
        {
            if (keep == 0)
            {
                return null;
            }

            list = list.Skip(Math.Max(0, list.Count - keep)).ToList();
        }

        var joined = string.Join('.', list);
        return char.IsUpper(macro.Letter) ? Uri.EscapeDataString(joined) : joined;
    }

    private static string DottedIp(IPAddress ip) =>
        ip.AddressFamily == AddressFamily.InterNetworkV6
            ? string.Join('.', Convert.ToHexString(ip.GetAddressBytes()).ToCharArray())
            : ip.ToString();

    private static bool IsTopLabel(string label) =>
        label.Length > 0 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && char.IsAsciiLetterOrDigit(label[0]) && char.IsAsciiLetterOrDigit(label[^1])
        && (label.Any(char.IsAsciiLetter) || label.Contains('-'));

    private static List<object>? Tokenize(string value, bool inExplanation)
    {
        var tokens = new List<object>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c != '%')
            {
                // macro-literal: visible ASCII but '%'; an explanation may also hold spaces.
                if (!(c is >= '!' and <= '~' || (inExplanation && c == ' ')))
                {
                    return null;
                }

                tokens.Add(new LiteralToken(c.ToString()));
                i++;
                continue;
            }

            if (i + 1 >= value.Length)
            {
                return null;
            }

            switch (value[i + 1])
            {
                case '%':
                    tokens.Add(new LiteralToken("%"));
                    i += 2;
                    continue;
                case '_':
                    tokens.Add(new LiteralToken(" "));
                    i += 2;
                    continue;
                case '-':
                    tokens.Add(new LiteralToken("%20"));
                    i += 2;
                    continue;
                case '{':
                    var end = value.IndexOf('}', i + 2);
                    if (end < 0 || ParseMacro(value[(i + 2)..end], inExplanation) is not { } macro)
                    {
                        return null;
                    }

                    tokens.Add(macro);
                    i = end + 1;
                    continue;
                default:
                    return null;
            }
        }

        return tokens;
    }

    private static MacroToken? ParseMacro(string body, bool inExplanation)
    {
        if (body.Length == 0 || !Letters.Contains(char.ToLowerInvariant(body[0])))
        {
            return null;
        }

        if (!inExplanation && ExpOnlyLetters.Contains(char.ToLowerInvariant(body[0])))
        {
            return null;
        }

        var i = 1;
        while (i < body.Length && char.IsAsciiDigit(body[i]))
        {
            i++;
        }

        int? digits = i > 1 ? int.Parse(body[1..i]) : null;
        var reverse = i < body.Length && char.ToLowerInvariant(body[i]) == 'r';
        if (reverse)
        {
            i++;
        }

        var delimiters = body[i..];
        return delimiters.All(Delimiters.Contains) ? new MacroToken(body[0], digits, reverse, delimiters) : null;
    }

    private sealed record LiteralToken(string Text);

    private sealed record MacroToken(char Letter, int? Digits, bool Reverse, string Delimiters);
}
