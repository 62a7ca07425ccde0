using Microsoft.Extensions.Options;
using SmartSender.Core.Domains;

namespace SmartSender.Core.Feedback;

/// <summary>
/// The addresses the inbound listener takes mail for: return paths (<c>bounces+TOKEN@</c> the return-path host or a
/// sending domain's <c>bounces.</c> name), any address at the return-path host, and the feedback-loop addresses.
/// Everything else is refused at RCPT, so the listener is no open relay and no catch-all.
/// </summary>
public sealed class InboundRecipients(IOptions<DomainsOptions> domains, IOptions<InboundOptions> inbound, IOptions<Accounts.AccountsOptions> accounts)
{
    public bool Accepts(string user, string host)
    {
        var address = $"{user}@{host}";
        var returnPathHost = domains.Value.ReturnPathHost.TrimEnd('.');
        return host.Equals(returnPathHost, StringComparison.OrdinalIgnoreCase)
            || ReturnPath.TokenOf(address) is not null && host.StartsWith(DomainRecords.ReturnPathLabel + ".", StringComparison.OrdinalIgnoreCase)
            || inbound.Value.FeedbackAddresses.Contains(address, StringComparer.OrdinalIgnoreCase)
            || IsSupport(address);
    }

    /// <summary>The support address, where Owners ask by email to close their account.</summary>
    public bool IsSupport(string address) =>
        accounts.Value.SupportAddress is { Length: > 0 } support && support.Trim().Equals(address, StringComparison.OrdinalIgnoreCase);
}
