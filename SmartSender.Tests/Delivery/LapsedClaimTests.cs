using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Delivery.Smtp;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// A worker whose claim lapsed while it was held up (a starved machine: here a connection that took longer than the
/// claim's hold) sends nothing, since another instance may have claimed the message meanwhile; it lets go, and the
/// message is sent once, by its holder or by the next claim.
/// </summary>
public sealed class LapsedClaimTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly TestDatabase _database = new();
    private readonly SmtpSink _smtp = new();
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private readonly Guid _otherInstance = Guid.NewGuid();
    private ServiceProvider _services = default!;
    private Guid _accountId;
    private bool _otherClaims;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(_database, dns);
        _services = _database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o => o.Relay = new RelayOptions { Host = "127.0.0.1", Port = _smtp.Port, Security = RelaySecurity.None, TimeoutSeconds = 10 });
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<IMessageSender>(sp => new StallingSender(
                new SmtpRelaySender(sp.GetRequiredService<IOptions<DeliveryOptions>>(), sp.GetRequiredService<ReplyClassifier>()), this));
            s.AddDeliveryStack(domains);
        });
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        await domains.AddVerifiedAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task AMessageAnotherInstanceClaimedWhileTheWorkerWasHeldUp_IsNotSentByTheWorker()
    {
        _otherClaims = true;
        var message = await _services.SubmitAsync(_accountId, new SendRequestBuilder().Subject("Once only").Build());

        await _services.DrainAsync();

        Assert.Equal(0, _smtp.Count);
        var stored = await _database.CreateContext().Messages.AsNoTracking().SingleAsync(m => m.Id == message.Id);
        Assert.Equal((MessageStatus.Queued, _otherInstance), (stored.Status, stored.ClaimId));
    }

    [Fact]
    public async Task AMessageWhoseClaimLapsedButNobodyTookIt_IsLetGoAndSentOnceByTheNextClaim()
    {
        var message = await _services.SubmitAsync(_accountId, new SendRequestBuilder().Subject("Once only").Build());

        await _services.DrainAsync();
        await _services.DrainAsync();

        Assert.Equal("Once only", (await _smtp.NextAsync()).Subject);
        Assert.Equal(1, _smtp.Count);
        Assert.Equal(MessageStatus.Delivered, (await _database.CreateContext().Messages.AsNoTracking().SingleAsync(m => m.Id == message.Id)).Status);
    }

    /// <summary>Connects as the relay sender does, after the clock has moved past the claim's hold (and, when asked, after another instance claimed what lapsed).</summary>
    private sealed class StallingSender(IMessageSender inner, LapsedClaimTests test) : IMessageSender
    {
        public bool UsesSendingIps => inner.UsesSendingIps;

        public Task<RouteLookup> RouteAsync(string domain, CancellationToken ct) => inner.RouteAsync(domain, ct);

        public async Task<Connected> ConnectAsync(MailRoute route, SendingIp from, CancellationToken ct)
        {
            var hold = test._services.GetRequiredService<IOptions<DeliveryOptions>>().Value.ClaimHold;
            test._clock.Now += hold + TimeSpan.FromSeconds(1);
            if (test._otherClaims)
            {
                await test._services.GetRequiredService<DeliveryQueue>().ClaimAsync(test._otherInstance, 10, hold, ct, "other");
            }

            return await inner.ConnectAsync(route, from, ct);
        }
    }
}
