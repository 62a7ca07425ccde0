using SmartSender.Core.Common;

namespace SmartSender.Core.Domains;

/// <summary>The rule at send time: only a verified domain of the sending account, with SPF and DKIM passing, may send.</summary>
public class SendingDomainGate(SendingDomainCache domains)
{
    public async Task<Result<SendingDomain>> CheckAsync(Guid accountId, string fromDomain, CancellationToken ct = default)
    {
        var name = DomainNameNormalizer.Normalize(fromDomain).Value ?? fromDomain.ToLowerInvariant();
        var domain = await domains.FindAsync(accountId, name, ct);
        if (domain is null)
        {
            return new UnsignedError(name, []);
        }

        if (domain.CanSend)
        {
            return Result<SendingDomain>.Success(domain);
        }

        var failing = domain.Checks
            .Where(c => c.Kind is DnsRecordKind.Ownership or DnsRecordKind.Spf || (c.Kind == DnsRecordKind.Dkim && domain.SigningKeys.Any(k => k.Selector == c.Selector)))
            .Where(c => c.Status != RecordStatus.Verified)
            .Select(c => new FailingRecord(RecordLabels.Of(c.Kind, c.Selector), c.Status.ToString(), c.Hint))
            .ToList();
        return new UnsignedError(name, failing);
    }
}
