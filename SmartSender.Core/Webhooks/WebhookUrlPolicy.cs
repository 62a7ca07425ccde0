using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Webhooks;

/// <summary>
/// Where webhooks may go: https URLs of hosts with public addresses only, so an account cannot make SmartSender
/// call into the operator's own network (SSRF). The addresses are checked when an endpoint is added and again on
/// every connection, so a name that later resolves elsewhere is refused too. Loopback over http is allowed only
/// where <see cref="WebhookOptions.AllowLoopback"/> is on (development).
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options, IDnsResolver dns)
{
    public async Task<Result<Uri>> CheckAsync(string? url, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return Invalid("Give an absolute https URL, such as https://example.com/webhooks/smartsender.");
        }

        var loopbackAllowed = options.Value.AllowLoopback && IsLoopbackName(uri);
        if (uri.Scheme == "http" && !loopbackAllowed)
        {
            return Invalid("Webhook URLs must use https, so events and their signatures cannot be read on the way.");
        }

        var addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await ResolveAsync(uri.IdnHost, ct);
        if (addresses.Count == 0)
        {
            return Invalid($"{uri.Host} does not resolve to any address.");
        }

        return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused
            ? Invalid($"{uri.Host} resolves to {refused}, a private, loopback or link-local address; webhooks only go to public addresses.")
            : Result<Uri>.Success(uri);
    }

    /// <summary>Whether a connection to <paramref name="address"/> may be made.</summary>
    public bool IsAllowed(IPAddress address) =>
        IsPublic(address) || options.Value.AllowLoopback && IPAddress.IsLoopback(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 || b[0] >= 224
                || b[0] == 100 && b[1] is >= 64 and <= 127
                || b[0] == 169 && b[1] == 254
                || b[0] == 172 && b[1] is >= 16 and <= 31
                || b[0] == 192 && b[1] == 168
                || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2
                || b[0] == 198 && b[1] is 18 or 19
                || b[0] == 198 && b[1] == 51 && b[2] == 100
                || b[0] == 203 && b[1] == 0 && b[2] == 113);
        }

        var v6 = address.GetAddressBytes();
        if (EmbeddedIPv4(v6) is { } embedded)
        {
            // An IPv4 address carried inside an IPv6 one reaches that IPv4 host (through NAT64, 6to4 or Teredo relays, or the
            // stack itself): it is as public as that host. Teredo carries two, the server and the client's (inverted).
            return embedded.All(IsPublic);
        }

        return !(IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || address.Equals(IPAddress.IPv6None) || (v6[0] & 0xFE) == 0xFC
            || v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8 // 2001:db8::/32, documentation (RFC 3849)
            || v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6[4] == 0x00 && v6[5] == 0x01 // 64:ff9b:1::/48, local NAT64 (RFC 8215)
            || v6[0] == 0x01 && v6[1] == 0x00 && v6.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0); // 100::/64, discard (RFC 6666)
    }

    /// <summary>The IPv4 addresses an IPv6 address embeds, by the standard forms; null when it embeds none.</summary>
    private static IPAddress[]? EmbeddedIPv4(byte[] v6)
    {
        IPAddress Four(int at, bool inverted = false) =>
            new([.. v6.Skip(at).Take(4).Select(b => inverted ? (byte)~b : b)]);

        var firstEightZero = v6.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0;
        if (firstEightZero && v6[8] == 0 && v6[9] == 0 && v6[10] == 0 && v6[11] == 0 && (v6[12] | v6[13]) != 0)
        {
            return [Four(12)]; // ::a.b.c.d, IPv4-compatible (RFC 4291 2.5.5.1); :: and ::1 are not of this form
        }

        if (firstEightZero && v6[8] == 0xFF && v6[9] == 0xFF && v6[10] == 0 && v6[11] == 0)
        {
            return [Four(12)]; // ::ffff:0:a.b.c.d, IPv4-translated (RFC 2765)
        }

        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return [Four(12)]; // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052)
        }

        if (v6[0] == 0x20 && v6[1] == 0x02)
        {
            return [Four(2)]; // 2002::/16, 6to4 (RFC 3056)
        }

        if (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00)
        {
            return [Four(4), Four(12, inverted: true)]; // 2001::/32, Teredo (RFC 4380): server, then the client's inverted
        }

        return null;
    }

    private static bool IsLoopbackName(Uri uri) =>
        uri.IsLoopback || IPAddress.TryParse(uri.IdnHost, out var ip) && IPAddress.IsLoopback(ip);

    private async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken ct)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback];
        }

        var v4 = await dns.AddressesAsync(host, ipv6: false, ct);
        var v6 = await dns.AddressesAsync(host, ipv6: true, ct);
        return [.. v4.Records, .. v6.Records];
    }

    private static Error Invalid(string message) => new("webhook_url_invalid", message, "url");
}
