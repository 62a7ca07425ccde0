using System.Net;

namespace SmartSender.Core.ApiKeys;

/// <summary>
/// What a key is limited to: its scope, the sending domains it may send from (none: all of the account's) and the
/// networks requests with it may come from (none: anywhere).
/// </summary>
public sealed record ApiKeyLimits(ApiKeyScope Scope, IReadOnlyList<string> Domains, IReadOnlyList<IPNetwork> Networks)
{
    public static readonly ApiKeyLimits None = new(ApiKeyScope.Full, [], []);

    public bool AllowsAddress(IPAddress? address)
    {
        if (Networks.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Networks.Any(n => n.Contains(plain));
    }

    /// <summary>Whether the key may send from <paramref name="from"/>: any address when it has no domains, else one at them.</summary>
    public bool AllowsSender(string? from) => AllowsSender(Domains, from);

    /// <summary>The same check for a key's domains as a request carries them (the API's claims).</summary>
    public static bool AllowsSender(IReadOnlyList<string> domains, string? from) =>
        domains.Count == 0 || (MimeKit.MailboxAddress.TryParse(from ?? "", out var address) && domains.Contains(address.Domain.TrimEnd('.').ToLowerInvariant()));

    /// <summary>An address or a CIDR range (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>); a bare address is a range of one.</summary>
    public static bool TryParseNetwork(string value, out IPNetwork network)
    {
        value = value.Trim();
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return false;
    }

    internal static string? Join(IEnumerable<string> values) => values.Any() ? string.Join(',', values) : null;

    internal static IReadOnlyList<string> Split(string? joined) => joined is null ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
