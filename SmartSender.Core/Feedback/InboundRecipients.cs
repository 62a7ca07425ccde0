using Microsoft.Extensions.Options;
using SmartSender.Core.Domains;

namespace SmartSender.Core.Feedback;

/// <summary>
/// The addresses the inbound listener takes mail for: return paths (<c>bounces+TOKEN@</c> the return-path host or a
/// sending domain's <c>bounces.</c> name), postmaster and abuse at the return-path host (RFC 2142) and postmaster
/// without a domain (RFC 5321 §4.5.1), the feedback-loop addresses, and the support address. Everything else is
/// refused at RCPT, so the listener is no open relay and no catch-all, and reports reach only the addresses meant
/// for them.
/// </summary>
public sealed class InboundRecipients(IOptions<DomainsOptions> domains, IOptions<InboundOptions> inbound, IOptions<Accounts.AccountsOptions> accounts)
{
    public bool Accepts(string user, string host)
    {
        var address = $"{user}@{host}";
        var returnPathHost = domains.Value.ReturnPathHost.TrimEnd('.');
        var atReturnPathHost = host.Equals(returnPathHost, StringComparison.OrdinalIgnoreCase);
        var role = user.Equals("postmaster", StringComparison.OrdinalIgnoreCase) || user.Equals("abuse", StringComparison.OrdinalIgnoreCase);
        return ReturnPath.TokenOf(address) is not null && (atReturnPathHost || host.StartsWith(DomainRecords.ReturnPathLabel + ".", StringComparison.OrdinalIgnoreCase))
            || role && atReturnPathHost
            || user.Equals("postmaster", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(host)
            || inbound.Value.FeedbackAddresses.Contains(address, StringComparer.OrdinalIgnoreCase)
            || IsSupport(address)
            || IsDmarc(address);
    }

    /// <summary>
    /// Where DMARC aggregate reports come (the <c>rua</c> SmartSender recommends): <c>dmarc@bounces.&lt;domain&gt;</c>,
    /// which the return-path CNAME brings here, or <c>dmarc@</c> the return-path host.
    /// </summary>
    public bool IsDmarc(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || !address[..at].Equals(DmarcUser, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var host = address[(at + 1)..];
        return host.Equals(domains.Value.ReturnPathHost.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
            || host.StartsWith(DomainRecords.ReturnPathLabel + ".", StringComparison.OrdinalIgnoreCase);
    }

    public const string DmarcUser = "dmarc";

    /// <summary>The support address, where Owners ask by email to close their account.</summary>
    public bool IsSupport(string address) =>
        accounts.Value.SupportAddress is { Length: > 0 } support && support.Trim().Equals(address, StringComparison.OrdinalIgnoreCase);
}
