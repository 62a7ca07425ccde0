namespace SmartSender.Web.Auth;

public static class ClientAddress
{
    /// <summary>The caller's IP address as the audit log keeps it: IPv4 plainly, not as an IPv6-mapped address.</summary>
    public static string? Of(HttpContext? context) =>
        context?.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : null;
}
