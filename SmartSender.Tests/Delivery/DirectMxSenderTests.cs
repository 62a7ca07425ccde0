using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery.Wire;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Tests.Fixtures;
using SmtpServer.Protocol;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// Direct delivery against real parts: MX records from a DNS server on 127.0.0.1, and SMTP servers on 127.0.0.2 and
/// 127.0.0.3 playing two MX hosts of one domain on the same port; connections leave from 127.0.0.9.
/// </summary>
public sealed class DirectMxSenderTests : IClassFixture<TestDnsServer>, IAsyncLifetime
{
    private static readonly IPAddress Primary = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Secondary = IPAddress.Parse("127.0.0.3");
    private static readonly IPAddress NothingListens = IPAddress.Parse("127.0.0.4");
    private const string SendingIp = "127.0.0.9";

    private readonly TestDnsServer _dns;

    /// <summary>The test server answers at once; only the test of a server that never answers waits out a short timeout.</summary>
    private int _dnsTimeout = 5000;
    private readonly SmtpSink _primary;
    private readonly SmtpSink _secondary;
    private readonly DirectOptions _options;

    public DirectMxSenderTests(TestDnsServer dns)
    {
        _dns = dns;
        _dns.Clear();
        _primary = new SmtpSink(Primary);
        _secondary = new SmtpSink(Secondary, _primary.Port);
        _options = new DirectOptions { Port = _primary.Port, LocalAddress = SendingIp, EhloName = "mta1.smartsender.test", TimeoutSeconds = 5 };
        _dns.Add("mx1.mail.test", TestDnsRecord.A(Primary.ToString()));
        _dns.Add("mx2.mail.test", TestDnsRecord.A(Secondary.ToString()));
        _dns.Add("down.mail.test", TestDnsRecord.A(NothingListens.ToString()));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _secondary.DisposeAsync();
    }

    [Fact]
    public async Task Send_GoesToTheMostPreferredMx_FromTheSendingIp()
    {
        _dns.Add("shop.test", TestDnsRecord.Mx(20, "mx2.mail.test"));
        _dns.Add("shop.test", TestDnsRecord.Mx(10, "mx1.mail.test"));

        var outcome = (await SendAsync(Message("ann@shop.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var received = await _primary.NextAsync();
        Assert.Equal("ann@shop.test", received.To.Mailboxes.Single().Address);
        Assert.Equal(IPAddress.Parse(SendingIp), _primary.SourceOf(received));
        Assert.False(_secondary.TryTake(out _));
    }

    [Fact]
    public async Task Send_FirstMxNotListening_FallsBackToTheNext()
    {
        _dns.Add("fallback.test", TestDnsRecord.Mx(10, "down.mail.test"));
        _dns.Add("fallback.test", TestDnsRecord.Mx(20, "mx2.mail.test"));

        var outcome = (await SendAsync(Message("ann@fallback.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        Assert.Equal("ann@fallback.test", (await _secondary.NextAsync()).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Send_FirstMxDefersTheMessage_ItIsDeferred_NotPassedToTheBackupMx()
    {
        _dns.Add("busy.test", TestDnsRecord.Mx(10, "mx1.mail.test"));
        _dns.Add("busy.test", TestDnsRecord.Mx(20, "mx2.mail.test"));
        _primary.Reply = new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "4.7.0 Try again later");

        var outcome = (await SendAsync(Message("ann@busy.test"), CancellationToken.None)).Outcome;

        // The session was the primary's; its deferral is the outcome, retried on schedule (backup MXs often filter less).
        Assert.Equal("421 4.7.0 Try again later", Assert.IsType<DeliveryOutcome.SoftFail>(outcome).Reply);
        Assert.False(_secondary.TryTake(out _));
    }

    [Fact]
    public async Task Send_RefusedWith550_DoesNotTryTheNextMx()
    {
        _dns.Add("strict.test", TestDnsRecord.Mx(10, "mx1.mail.test"));
        _dns.Add("strict.test", TestDnsRecord.Mx(20, "mx2.mail.test"));
        _primary.Reply = new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "5.1.1 No such user");

        var outcome = (await SendAsync(Message("nobody@strict.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.HardFail>(outcome);
        Assert.Contains("5.1.1", outcome.Reply);
        Assert.False(_secondary.TryTake(out _));
    }

    [Fact]
    public async Task Send_NullMx_IsAHardFailure()
    {
        _dns.Add("nomail.test", TestDnsRecord.Mx(0, ""));

        var outcome = (await SendAsync(Message("ann@nomail.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.HardFail>(outcome);
        Assert.Contains("null MX", outcome.Reply);
    }

    [Fact]
    public async Task Send_NoMxButAnAddress_GoesToTheAddress()
    {
        _dns.Add("plain.test", TestDnsRecord.A(Primary.ToString()));

        var outcome = (await SendAsync(Message("ann@plain.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        await _primary.NextAsync();
    }

    [Fact]
    public async Task Send_DomainThatDoesNotExist_IsAHardFailure()
    {
        var outcome = (await SendAsync(Message("ann@no-such-domain.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.HardFail>(outcome);
        Assert.Contains("does not exist", outcome.Reply);
    }

    [Fact]
    public async Task Send_DnsNotAnswering_IsASoftFailure()
    {
        _dns.Add("slow.test", TestDnsRecord.Timeout());
        _dnsTimeout = 500;

        var outcome = (await SendAsync(Message("ann@slow.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.SoftFail>(outcome);
    }

    [Fact]
    public async Task Send_ConfiguredRoute_WinsOverTheMx()
    {
        _dns.Add("routed.test", TestDnsRecord.Mx(10, "mx1.mail.test"));
        _options.Routes["*"] = $"{Secondary}:{_secondary.Port}";

        var outcome = (await SendAsync(Message("ann@routed.test"), CancellationToken.None)).Outcome;

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        await _secondary.NextAsync();
        Assert.False(_primary.TryTake(out _));
    }

    [Theory]
    [InlineData("gmail-smtp-in.l.google.com", "Gmail")]
    [InlineData("alt1.aspmx.l.google.com", "Gmail")]
    [InlineData("example-com.mail.protection.outlook.com", "Outlook")]
    [InlineData("mta7.am0.yahoodns.net", "Yahoo")]
    [InlineData("mx01.mail.icloud.com", "iCloud")]
    [InlineData("mx.mail-host.example.net", "example.net")]
    public async Task Route_NamesTheProviderFromTheMxHosts(string mx, string provider)
    {
        var domain = $"p{Math.Abs(mx.GetHashCode())}.test";
        _dns.Add(domain, TestDnsRecord.Mx(10, mx));

        var lookup = await Router().FindAsync(domain);

        Assert.Equal(provider, lookup.Route!.Provider);
        Assert.Equal([new RouteTarget(mx, _options.Port)], lookup.Route.Targets);
    }

    private MxRouter Router() => new(_dns.CreateResolver(_dnsTimeout), new ProviderDirectory(new ConfigurationBuilder().Build()), Options.Create(_options));

    /// <summary>Routes, connects and sends, as the delivery pump does, from the sending IP of the options.</summary>
    [Fact]
    public async Task FromAnIpv6SendingIp_TheMxHostsAaaaIsUsed_AndAnIpv4OnlyHostIsSaidToHaveNoIpv6Address()
    {
        await using var v6 = new SmtpSink(IPAddress.IPv6Loopback, _primary.Port);
        _dns.Add("mx6.mail.test", TestDnsRecord.A(Primary.ToString()));
        _dns.Add("mx6.mail.test", TestDnsRecord.Aaaa("::1"));
        _dns.Add("six.test", TestDnsRecord.Mx(10, "mx6.mail.test"));
        _dns.Add("four.test", TestDnsRecord.Mx(10, "mx1.mail.test"));

        var outcome = (await SendAsync(Message("ann@six.test"), CancellationToken.None, "::1")).Outcome;

        Assert.IsType<DeliveryOutcome.Delivered>(outcome);
        var received = await v6.NextAsync();
        Assert.Equal(IPAddress.IPv6Loopback, v6.SourceOf(received));
        Assert.False(_primary.TryTake(out _));

        var four = (await SendAsync(Message("bob@four.test"), CancellationToken.None, "::1")).Outcome;
        var soft = Assert.IsType<DeliveryOutcome.SoftFail>(four);
        Assert.Contains("has no IPv6 (AAAA) address for the sending IP ::1", soft.Reply);

        // From an IPv4 sending IP the same host is reached over IPv4.
        Assert.IsType<DeliveryOutcome.Delivered>((await SendAsync(Message("cy@six.test"), CancellationToken.None)).Outcome);
        Assert.Equal(IPAddress.Parse(SendingIp), _primary.SourceOf(await _primary.NextAsync()));
    }

    [Fact]
    public async Task TheDeliveredReply_SaysHowTheSessionWasProtected()
    {
        _dns.Add("plain.test", TestDnsRecord.Mx(10, "mx1.mail.test"));
        var plain = Assert.IsType<DeliveryOutcome.Delivered>((await SendAsync(Message("ann@plain.test"), CancellationToken.None)).Outcome);
        Assert.EndsWith("(no TLS: the server offered no STARTTLS)", plain.Reply);

        // A server whose certificate no trusted root signed, made for another name: encrypted all the same, and said so.
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other.mail.test", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
        await using var secure = new SmtpSink(IPAddress.Parse("127.0.0.5"), _primary.Port, certificate);
        _dns.Add("mx5.mail.test", TestDnsRecord.A("127.0.0.5"));
        _dns.Add("secure.test", TestDnsRecord.Mx(10, "mx5.mail.test"));

        var delivered = Assert.IsType<DeliveryOutcome.Delivered>((await SendAsync(Message("ann@secure.test"), CancellationToken.None)).Outcome);
        Assert.Matches(@"\(TLS 1\.[23], TLS_[A-Z0-9_]+, certificate not verified for mx5\.mail\.test\)$", delivered.Reply);
        Assert.Equal("ann@secure.test", (await secure.NextAsync()).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task WithTlsRequired_AServerWithoutStartTls_IsNotSentTo_AndTheDeferralSaysWhy()
    {
        _options.RequireTls = true;
        _dns.Add("plain.test", TestDnsRecord.Mx(10, "mx1.mail.test"));

        var deferred = Assert.IsType<DeliveryOutcome.SoftFail>((await SendAsync(Message("ann@plain.test"), CancellationToken.None)).Outcome);

        Assert.Contains("TLS is required (Delivery:Direct:RequireTls) and mx1.mail.test offers no STARTTLS.", deferred.Reply);
        Assert.False(_primary.TryTake(out _));
    }

    private async Task<ReplyVerdict> SendAsync(WireMessage message, CancellationToken ct, string sendingIp = SendingIp)
    {
        var sender = Sender();
        var lookup = await sender.RouteAsync(message.Recipient.Domain, ct);
        if (lookup.Failure is { } failure)
        {
            return Verdicts.Of(failure);
        }

        var connected = await sender.ConnectAsync(lookup.Route!, new SendingIp { Address = sendingIp, EhloName = _options.EhloName }, ct);
        if (connected.Connection is not { } session)
        {
            return connected.Failure!;
        }

        await using (session)
        {
            return await session.SendAsync(message, "bounces+test@bounces.example.test", ct);
        }
    }

    private DirectMxSender Sender()
    {
        var resolver = _dns.CreateResolver(_dnsTimeout);
        var roots = new TrustedRoots(Options.Create(_options));
        var mtaSts = new Core.Delivery.Direct.MtaSts.MtaStsPolicies(resolver, roots, Options.Create(new Core.Delivery.Direct.MtaSts.MtaStsOptions()), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Core.Delivery.Direct.MtaSts.MtaStsPolicies>.Instance);
        return new(Router(), resolver, Options.Create(_options), Core.Delivery.Replies.ReplyClassifier.Default, mtaSts, roots);
    }

    private static WireMessage Message(string to) => WireMessageFactory.Create(
        Core.Messages.Message.Queue(Guid.Empty, new Core.Messages.ValidSendRequest("orders@shop.test", to, "Hello", "Hi", null), Core.Messages.MessageToken.New(TimeProvider.System.GetUtcNow()), DateTime.UtcNow),
        DateTimeOffset.UtcNow);
}
