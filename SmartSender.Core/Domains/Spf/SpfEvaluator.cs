using System.Net;
using System.Net.Sockets;
using SmartSender.Core.Dns;

namespace SmartSender.Core.Domains.Spf;

/// <summary>
/// check_host() of RFC 7208: is <c>clientIp</c> allowed to send mail for the MAIL FROM (or, with a null
/// reverse-path, the HELO) domain? Every DNS question goes through <see cref="IDnsResolver"/>.
/// </summary>
public class SpfEvaluator(IDnsResolver dns, TimeProvider clock)
{
    /// <summary>§4.6.4: at most 10 terms that query DNS, and at most 2 lookups that find nothing.</summary>
    public const int MaxDnsLookups = 10;
    public const int MaxVoidLookups = 2;

    public async Task<SpfOutcome> CheckAsync(IPAddress clientIp, string? mailFrom, string helo, CancellationToken ct = default)
    {
        // §2.4: a null reverse-path is checked as postmaster@<HELO>; §4.3: an empty local-part is "postmaster".
        var sender = string.IsNullOrEmpty(mailFrom) ? $"postmaster@{helo}" : mailFrom;
        var at = sender.LastIndexOf('@');
        var local = at <= 0 ? "postmaster" : sender[..at];
        var domain = at < 0 ? sender : sender[(at + 1)..];
        if (clientIp.IsIPv4MappedToIPv6)
        {
            clientIp = clientIp.MapToIPv4();
        }

        var session = new SpfSession(dns, clientIp, ct);
        var macros = new SpfMacroContext(clientIp, $"{local}@{domain}", local, domain, helo, clock.GetUtcNow(), session.ValidatedNameAsync);
        var (result, reason) = await session.CheckHostAsync(domain, macros, inInclude: false);
        return new SpfOutcome(result, session.Explanation, reason, session.Lookups);
    }
}
