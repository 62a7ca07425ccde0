using System.Net;
using System.Net.Sockets;

namespace SmartSender.Core.Dns;

/// <summary>
/// One entry of <c>Dns:Servers</c>: an address (<c>192.0.2.53</c>, <c>[2001:db8::53]:5353</c>) or a host name
/// (<c>localhost:5090</c>), with port 53 when none is given. A host name is resolved when the app starts, not per question.
/// </summary>
public static class NameServerAddress
{
    public const int DefaultPort = 53;

    public static bool TryResolve(string server, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.None, DefaultPort);
        error = "";
        var text = server.Trim();
        if (IPEndPoint.TryParse(text, out var parsed))
        {
            endpoint = parsed.Port == 0 ? new IPEndPoint(parsed.Address, DefaultPort) : parsed;
            return true;
        }

        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? text : text[..colon];
        var port = DefaultPort;
        if (colon >= 0 && (!int.TryParse(text[(colon + 1)..], out port) || port is < 1 or > 65535))
        {
            error = $"\"{server}\" has no valid port after the colon (1–65535).";
            return false;
        }

        if (!DomainNames.IsWellFormed(host) || host.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_')))
        {
            error = $"\"{server}\" is neither an IP address nor a host name (give host, host:port, address or address:port).";
            return false;
        }

        IPAddress[] addresses;
        try
        {
            addresses = System.Net.Dns.GetHostAddresses(host);
        }
        catch (SocketException ex)
        {
            error = $"the host name in \"{server}\" does not resolve ({ex.Message}).";
            return false;
        }

        var address = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault();
        if (address is null)
        {
            error = $"the host name in \"{server}\" has no address.";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
