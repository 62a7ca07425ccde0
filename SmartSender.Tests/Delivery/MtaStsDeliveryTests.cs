using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Direct.MtaSts;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// MTA-STS (RFC 8461) with real parts: the <c>_mta-sts</c> TXT records and MX hosts from a DNS server on 127.0.0.1,
/// policies served over https by Kestrel with a certificate from a private CA, and SMTP servers on 127.0.0.21–23:
/// one with a certificate for its name from that CA, one with a certificate for another name, one without STARTTLS.
/// </summary>
public sealed class MtaStsDeliveryTests : IClassFixture<TestDnsServer>, IAsyncLifetime
{
    private const string SendingIp = "127.0.0.9";
    private readonly TestDnsServer _dns;
    private readonly LocalCa _ca = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
    private SmtpSink _good = null!;
    private SmtpSink _misnamed = null!;
    private SmtpSink _plain = null!;
    private MtaStsPolicyServer _policies = null!;
    private MtaStsPolicies _cache = null!;
    private DirectOptions _options = null!;

    public MtaStsDeliveryTests(TestDnsServer dns)
    {
        _dns = dns;
        _dns.Clear();
    }

    public async Task InitializeAsync()
    {
        _good = new SmtpSink(IPAddress.Parse("127.0.0.21"), null, _ca.Issue("mx.good.test"));
        _misnamed = new SmtpSink(IPAddress.Parse("127.0.0.22"), _good.Port, _ca.Issue("someone-else.test"));
        _plain = new SmtpSink(IPAddress.Parse("127.0.0.23"), _good.Port);
        _dns.Add("mx.good.test", TestDnsRecord.A("127.0.0.21"));
        _dns.Add("mx.misnamed.test", TestDnsRecord.A("127.0.0.22"));
        _dns.Add("mx.plain.test", TestDnsRecord.A("127.0.0.23"));
        _policies = await MtaStsPolicyServer.StartAsync(_ca.Issue("mta-sts.enforced.test", "mta-sts.tested.test", "mta-sts.relaxed.test", "mta-sts.broken.test"));
        _options = new DirectOptions { Port = _good.Port, TimeoutSeconds = 5, TrustedRootsFile = _ca.RootsFile };
        _cache = new MtaStsPolicies(_dns.CreateResolver(), new TrustedRoots(Options.Create(_options)),
            Options.Create(new MtaStsOptions { HttpsPort = _policies.Port }), _clock, NullLogger<MtaStsPolicies>.Instance);
    }

    public async Task DisposeAsync()
    {
        _cache.Dispose();
        await _policies.DisposeAsync();
        await _good.DisposeAsync();
        await _misnamed.DisposeAsync();
        await _plain.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public async Task Enforce_DeliversToAListedHostWithAValidCertificate_AndTheReplySaysSo()
    {
        Publish("enforced.test", "mode: enforce", "mx.good.test");

        var delivered = Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("ann@enforced.test"));

        Assert.Matches(@"\(TLS 1\.[23], TLS_[A-Z0-9_]+, certificate verified for mx\.good\.test; MTA-STS enforce \(mx mx\.good\.test\) met\)$", delivered.Reply);
        Assert.Equal("ann@enforced.test", (await _good.NextAsync()).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Enforce_ACertificateForAnotherName_Defers_SayingWhy_AndNothingIsSent()
    {
        Publish("enforced.test", "mode: enforce", "*.misnamed.test", mxHost: "mx.misnamed.test");

        var deferred = Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("ann@enforced.test"));

        Assert.Contains("The MTA-STS policy of enforced.test is enforce and mx.misnamed.test fails it: the certificate is not issued for mx.misnamed.test.", deferred.Reply);
        Assert.StartsWith("451 ", deferred.Reply);
        Assert.False(_misnamed.TryTake(out _));
    }

    [Fact]
    public async Task Enforce_AServerWithoutStartTls_OrAnUnlistedMx_Defers()
    {
        Publish("enforced.test", "mode: enforce", "mx.plain.test", mxHost: "mx.plain.test");
        var noTls = Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("ann@enforced.test"));
        Assert.Contains("The MTA-STS policy of enforced.test is enforce and mx.plain.test offers no STARTTLS.", noTls.Reply);

        _dns.Remove("enforced.test");
        _dns.Remove("_mta-sts.enforced.test");
        _dns.Add("enforced.test", TestDnsRecord.Mx(10, "mx.good.test"));
        _dns.Add("_mta-sts.enforced.test", TestDnsRecord.Txt("v=STSv1; id=2;"));
        _policies.Policies["mta-sts.enforced.test"] = "version: STSv1\r\nmode: enforce\r\nmx: mx.elsewhere.test\r\nmax_age: 86400\r\n";
        var unlisted = Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("bob@enforced.test"));
        Assert.Equal("451 4.7.5 The MTA-STS policy of enforced.test (enforce) lists none of its MX hosts (mx.good.test); it allows mx.elsewhere.test.", unlisted.Reply);
        Assert.False(_plain.TryTake(out _));
        Assert.False(_good.TryTake(out _));
    }

    [Fact]
    public async Task Enforce_SkipsAFailingMx_ForTheNextListedOne()
    {
        Publish("enforced.test", "mode: enforce", "*.misnamed.test", mxHost: "mx.misnamed.test");
        _dns.Add("enforced.test", TestDnsRecord.Mx(20, "mx.good.test"));
        _policies.Policies["mta-sts.enforced.test"] = "version: STSv1\r\nmode: enforce\r\nmx: *.misnamed.test\r\nmx: mx.good.test\r\nmax_age: 86400\r\n";

        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("ann@enforced.test"));
        Assert.Equal("ann@enforced.test", (await _good.NextAsync()).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Testing_DeliversDespiteAMisnamedCertificate_AndSaysEnforceWouldRefuse()
    {
        Publish("tested.test", "mode: testing", "mx.misnamed.test", mxHost: "mx.misnamed.test");

        var delivered = Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("ann@tested.test"));

        Assert.EndsWith("certificate not verified for mx.misnamed.test; MTA-STS testing (mx mx.misnamed.test): the certificate is not issued for mx.misnamed.test, enforce would refuse it)", delivered.Reply);
        Assert.Equal("ann@tested.test", (await _misnamed.NextAsync()).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task None_AndAPolicyThatCannotBeFetched_AreDeliveredAsWithoutMtaSts()
    {
        Publish("relaxed.test", "mode: none", null, mxHost: "mx.plain.test");
        var relaxed = Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("ann@relaxed.test"));
        Assert.EndsWith("(no TLS: the server offered no STARTTLS)", relaxed.Reply);

        // A TXT record but no policy file (404): no policy, RFC 8461 §3.3.
        _dns.Add("broken.test", TestDnsRecord.Mx(10, "mx.plain.test"));
        _dns.Add("_mta-sts.broken.test", TestDnsRecord.Txt("v=STSv1; id=1;"));
        _dns.Add("mta-sts.broken.test", TestDnsRecord.A("127.0.0.1"));
        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("bob@broken.test"));
        Assert.Equal(2, _plain.Count);
    }

    [Fact]
    public async Task APolicyServedWithACertificateForAnotherName_IsNotTrusted()
    {
        Publish("enforced.test", "mode: enforce", "mx.good.test");
        await using var impostor = await MtaStsPolicyServer.StartAsync(_ca.Issue("impostor.test"));
        impostor.Policies["mta-sts.enforced.test"] = "version: STSv1\r\nmode: enforce\r\nmx: mx.nowhere.test\r\nmax_age: 86400\r\n";
        using var cache = new MtaStsPolicies(_dns.CreateResolver(), new TrustedRoots(Options.Create(_options)),
            Options.Create(new MtaStsOptions { HttpsPort = impostor.Port }), _clock, NullLogger<MtaStsPolicies>.Instance);

        Assert.Null(await cache.ForDomainAsync("enforced.test", CancellationToken.None));
        Assert.Equal(0, impostor.Fetches);
    }

    [Fact]
    public async Task ThePolicyIsCachedByItsId_RefetchedWhenTheIdChanges_AndOutlivesItsTxtRecordUntilMaxAge()
    {
        Publish("enforced.test", "mode: enforce", "mx.good.test");
        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("ann@enforced.test"));
        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("bob@enforced.test"));
        Assert.Equal(1, _policies.Fetches);

        _dns.Remove("_mta-sts.enforced.test");
        _dns.Add("_mta-sts.enforced.test", TestDnsRecord.Txt("v=STSv1; id=2;"));
        _policies.Policies["mta-sts.enforced.test"] = "version: STSv1\r\nmode: enforce\r\nmx: mx.other.test\r\nmax_age: 3600\r\n";
        Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("cy@enforced.test"));
        Assert.Equal(2, _policies.Fetches);

        // The record stripped (as an attacker on the path would): the cached enforce policy still holds…
        _dns.Remove("_mta-sts.enforced.test");
        Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("dee@enforced.test"));

        // …until its max_age is over.
        _clock.Advance(TimeSpan.FromSeconds(3601));
        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("eve@enforced.test"));
        Assert.Equal(2, _policies.Fetches);
        Assert.Equal(3, _good.Count);
    }

    [Fact]
    public async Task RequireTlsTo_ARecipientDomain_RefusesAPlainServerForItOnly()
    {
        _options.RequireTlsTo = ["careful.test"];
        _dns.Add("careful.test", TestDnsRecord.Mx(10, "mx.plain.test"));
        _dns.Add("casual.test", TestDnsRecord.Mx(10, "mx.plain.test"));

        var deferred = Assert.IsType<DeliveryOutcome.SoftFail>(await SendAsync("ann@careful.test"));
        Assert.Contains("TLS is required (Delivery:Direct:RequireTls) and mx.plain.test offers no STARTTLS.", deferred.Reply);
        Assert.IsType<DeliveryOutcome.Delivered>(await SendAsync("bob@casual.test"));
    }

    private void Publish(string domain, string mode, string? mx, string mxHost = "mx.good.test")
    {
        _dns.Remove(domain);
        _dns.Remove($"_mta-sts.{domain}");
        _dns.Add(domain, TestDnsRecord.Mx(10, mxHost));
        _dns.Add($"_mta-sts.{domain}", TestDnsRecord.Txt("v=STSv1; id=1;"));
        _dns.Add($"mta-sts.{domain}", TestDnsRecord.A("127.0.0.1"));
        _policies.Policies[$"mta-sts.{domain}"] = $"version: STSv1\r\n{mode}\r\n{(mx is null ? "" : $"mx: {mx}\r\n")}max_age: 86400\r\n";
    }

    private async Task<DeliveryOutcome> SendAsync(string to)
    {
        var resolver = _dns.CreateResolver();
        var options = Options.Create(_options);
        var sender = new DirectMxSender(new MxRouter(resolver, new ProviderDirectory(new ConfigurationBuilder().Build()), options), resolver, options,
            ReplyClassifier.Default, _cache, new TrustedRoots(options));
        var lookup = await sender.RouteAsync(to.Split('@')[1], CancellationToken.None);
        var connected = await sender.ConnectAsync(lookup.Route!, new SendingIp { Address = SendingIp }, CancellationToken.None);
        if (connected.Connection is not { } session)
        {
            return connected.Failure!.Outcome;
        }

        await using (session)
        {
            var message = WireMessageFactory.Create(
                Core.Messages.Message.Queue(Guid.Empty, new Core.Messages.ValidSendRequest("orders@shop.test", to, "Hello", "Hi", null),
                    Core.Messages.MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow),
                DateTimeOffset.UtcNow);
            return (await session.SendAsync(message, "bounces+test@bounces.example.test", CancellationToken.None)).Outcome;
        }
    }
}
