using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace SmartSender.Core.Domains.Spf;

/// <summary>
/// Parses an SPF record by the ABNF of RFC 7208 §12. Any syntax error anywhere makes the whole record a
/// permerror before anything is evaluated (§4.6).
/// </summary>
public static partial class SpfRecordParser
{
    public const string Version = "v=spf1";

    /// <summary>True for a record that declares SPF version 1 (§4.5): "v=spf1" alone or followed by a space.</summary>
    public static bool IsSpfRecord(string txt) =>
        txt.StartsWith(Version, StringComparison.OrdinalIgnoreCase) && (txt.Length == Version.Length || txt[Version.Length] == ' ');

    public static bool TryParse(string txt, out SpfRecord record, out string error)
    {
        record = new SpfRecord([], null, null);
        var directives = new List<SpfDirective>();
        string? redirect = null;
        string? exp = null;
        foreach (var term in txt[Version.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (ModifierName().Match(term) is { Success: true } modifier)
            {
                var name = modifier.Groups[1].Value.ToLowerInvariant();
                var value = term[(modifier.Length)..];
                if (!TryParseModifier(name, value, ref redirect, ref exp, out error))
                {
                    return false;
                }

                continue;
            }

            if (!TryParseDirective(term, out var directive, out error))
            {
                return false;
            }

            directives.Add(directive);
        }

        record = new SpfRecord(directives, redirect, exp);
        error = "";
        return true;
    }

    private static bool TryParseModifier(string name, string value, ref string? redirect, ref string? exp, out string error)
    {
        error = "";
        switch (name)
        {
            case "redirect" or "exp" when !SpfMacroExpander.IsValidDomainSpec(value):
                error = $"'{name}={value}' does not name a valid domain.";
                return false;
            case "redirect" when redirect is not null:
            case "exp" when exp is not null:
                error = $"The record has more than one '{name}=' modifier.";
                return false;
            case "redirect":
                redirect = value;
                return true;
            case "exp":
                exp = value;
                return true;
            default:
                // Unknown modifiers are ignored (§6), but their value must still be a valid macro-string.
                if (!SpfMacroExpander.IsValidMacroString(value))
                {
                    error = $"The modifier '{name}=' has an invalid value.";
                    return false;
                }

                return true;
        }
    }

    private static bool TryParseDirective(string term, out SpfDirective directive, out string error)
    {
        directive = null!;
        error = $"'{term}' is not a valid SPF term.";
        var qualifier = "+-~?".Contains(term[0]) ? term[0] : '+';
        var body = "+-~?".Contains(term[0]) ? term[1..] : term;
        var nameEnd = body.IndexOfAny([':', '/']);
        var name = (nameEnd < 0 ? body : body[..nameEnd]).ToLowerInvariant();
        var rest = nameEnd < 0 ? "" : body[nameEnd..];
        SpfMechanism? mechanism = name switch
        {
            "all" when rest.Length == 0 => new SpfMechanism.All(),
            "include" => RequiredSpec(rest) is { } spec ? new SpfMechanism.Include(spec) : null,
            "exists" => RequiredSpec(rest) is { } spec ? new SpfMechanism.Exists(spec) : null,
            "ptr" => OptionalSpec(rest, out var spec) ? new SpfMechanism.Ptr(spec) : null,
            "a" or "mx" => ParseAddressMechanism(name, rest),
            "ip4" => ParseIp(rest, AddressFamily.InterNetwork, 32),
            "ip6" => ParseIp(rest, AddressFamily.InterNetworkV6, 128),
            _ => null,
        };
        if (mechanism is null)
        {
            if (name is not ("all" or "include" or "exists" or "ptr" or "a" or "mx" or "ip4" or "ip6"))
            {
                error = $"'{name}' is not an SPF mechanism.";
            }

            return false;
        }

        directive = new SpfDirective(qualifier, mechanism);
        return true;
    }

    private static string? RequiredSpec(string rest) =>
        rest.StartsWith(':') && SpfMacroExpander.IsValidDomainSpec(rest[1..]) ? rest[1..] : null;

    private static bool OptionalSpec(string rest, out string? spec)
    {
        spec = null;
        if (rest.Length == 0)
        {
            return true;
        }

        spec = RequiredSpec(rest);
        return spec is not null;
    }

    private static SpfMechanism? ParseAddressMechanism(string name, string rest)
    {
        var match = DualCidr().Match(rest);
        var specPart = rest[..match.Index];
        if (!OptionalSpec(specPart, out var spec))
        {
            return null;
        }

        var ip4 = match.Groups["ip4"].Success ? ParsePrefix(match.Groups["ip4"].Value, 32) : 32;
        var ip6 = match.Groups["ip6"].Success ? ParsePrefix(match.Groups["ip6"].Value, 128) : 128;
        if (ip4 < 0 || ip6 < 0)
        {
            return null;
        }

        return name == "a" ? new SpfMechanism.A(spec, ip4, ip6) : new SpfMechanism.Mx(spec, ip4, ip6);
    }

    private static SpfMechanism? ParseIp(string rest, AddressFamily family, int maxPrefix)
    {
        if (!rest.StartsWith(':'))
        {
            return null;
        }

        var value = rest[1..];
        var slash = value.IndexOf('/');
        var network = slash < 0 ? value : value[..slash];
        var prefix = slash < 0 ? maxPrefix : ParsePrefix(value[(slash + 1)..], maxPrefix);
        var valid = family == AddressFamily.InterNetwork ? Ip4Network().IsMatch(network) : network.Contains(':');
        if (!valid || prefix < 0 || !IPAddress.TryParse(network, out var address) || address.AddressFamily != family)
        {
            return null;
        }

        return new SpfMechanism.Ip(address, prefix);
    }

    /// <summary>A CIDR length: no leading zeros, at most <paramref name="max"/>; -1 when invalid.</summary>
    private static int ParsePrefix(string digits, int max) =>
        CidrLength().IsMatch(digits) && int.Parse(digits) is var n && n <= max ? n : -1;

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9\-_.]*)=")]
    private static partial Regex ModifierName();

    [GeneratedRegex(@"(?:/(?<ip4>\d+))?(?://(?<ip6>\d+))?$")]
    private static partial Regex DualCidr();

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,2})$")]
    private static partial Regex CidrLength();

    [GeneratedRegex(@"^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$")]
    private static partial Regex Ip4Network();
}
