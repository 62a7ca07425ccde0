using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Spf;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Domains;
using SmartSender.Core.Common;

namespace SmartSender.Tests.Domains;

/// <summary>Sending domains over a real SQLite file and a real DNS server on 127.0.0.1.</summary>
public sealed class DomainTestContext(TestDatabase database, TestDnsServer dns)
{
    public const string SendingIp = "192.0.2.10";

    public FixedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public DomainsOptions Options { get; } = new()
    {
        SendingIps = [SendingIp],
        ReturnPathHost = "bounces.smartsender.test",
        TrackingHost = "track.smartsender.test",
        PropagationGrace = TimeSpan.FromHours(48),
    };

    public ISecretProtector Protector { get; } = new DataProtectionSecretProtector(new EphemeralDataProtectionProvider());

    public TestDnsServer Dns => dns;

    public SendingDomains CreateService()
    {
        var resolver = dns.CreateResolver(timeoutMilliseconds: 5000);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        var verifier = new DomainVerifier(resolver, new SpfEvaluator(resolver, Clock), options, Clock);
        return new SendingDomains(database.CreateFactory(), new DkimKeyFactory(Protector, Clock), verifier, options, Clock);
    }

    /// <summary>A domain of the account with its records published and verified.</summary>
    public async Task<SendingDomain> AddVerifiedAsync(Guid accountId, string name)
    {
        var domains = CreateService();
        var domain = (await domains.AddAsync(accountId, name)).Value!;
        Publish(domains.RecordsOf(domain));
        var verified = (await domains.VerifyAsync(accountId, domain.Id)).Value!;
        Assert.True(verified.CanSend);
        return verified;
    }

    public void Publish(IEnumerable<PublishedRecord> records) => dns.Publish(records);
}
