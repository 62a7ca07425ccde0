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

        return !(IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || address.Equals(IPAddress.IPv6None) || (address.GetAddressBytes()[0] & 0xFE) == 0xFC);
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
