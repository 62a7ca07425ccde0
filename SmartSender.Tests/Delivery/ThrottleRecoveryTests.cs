using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;
using SmtpServer.Protocol;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// A provider that throttles, then recovers, as a real SMTP server on 127.0.0.2 seen from two sending IPs
/// (127.0.0.5 and 127.0.0.6). Time is a <see cref="FixedClock"/> moved in 20-second steps; every message the sink
/// accepts is stamped with the clock, so arrivals per IP and minute show the pace the lanes kept.
/// </summary>
public sealed class ThrottleRecoveryTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private const int PerHour = 600;
    private static readonly SmtpResponse Tss04 = new((SmtpReplyCode)421, "4.7.0 [TSS04] Messages from 127.0.0.5 temporarily deferred due to unexpected volume or user complaints");
    private readonly TestDatabase _database = new();
    private readonly SmtpSink _sink = new(IPAddress.Parse("127.0.0.2"));
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(_database, dns);
        _services = _database.CreateServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            // Lanes never wait in memory here: this clock only moves between steps.
            s.AddOptions<DeliveryOptions>().Configure(o => (o.RetryDelays, o.MaxLaneWait) = ([TimeSpan.FromMinutes(1)], TimeSpan.Zero));
            s.AddOptions<DirectOptions>().Configure(o => o.Routes["*"] = $"127.0.0.2:{_sink.Port}");
            s.AddOptions<PoolOptions>().Configure(o =>
                o.Pools["shared"] = [new SendingIp { Address = "127.0.0.5", EhloName = "mta5.test" }, new SendingIp { Address = "127.0.0.6", EhloName = "mta6.test" }]);
            s.AddOptions<LaneOptions>().Configure(o =>
            {
                o.Default = new LaneLimits { PerHour = PerHour, PerDay = 100_000, Connections = 1, MessagesPerConnection = 100 };
                o.RecoveryStep = 0.1;
                o.RecoveryInterval = TimeSpan.FromMinutes(2);
            });
            s.AddSingleton<Core.Dns.IDnsResolver>(dns.CreateResolver());
            s.AddSingleton(new ProviderDirectory(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
            s.AddSingleton<MxRouter>();
            s.AddSingleton<IMessageSender, DirectMxSender>();
            s.AddDeliveryStack(domains);
        });
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        await domains.AddVerifiedAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sink.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ProviderThrottlesThenRecovers_LanesStopSlowDownAndClimbBack_NeverAboveTheirLimitPerIpAndMinute()
    {
        for (var i = 0; i < 500; i++)
        {
            await _services.SubmitAsync(_accountId, new SendRequestBuilder().To($"r{i}@example.test").Build());
        }

        var arrivals = new List<(int Minute, IPAddress Ip)>();
        _sink.Reply = Tss04;
        for (var step = 0; step < 3 * 30; step++)
        {
            if (step == 3 * 3)
            {
                _sink.Reply = null; // the provider is happy again after three minutes
            }

            await _services.DrainAsync();
            while (_sink.TryTake(out var message))
            {
                arrivals.Add((step / 3, _sink.SourceOf(message!)));
            }

            _clock.Now += TimeSpan.FromSeconds(20);
        }

        var perIpMinute = arrivals.GroupBy(a => (a.Ip.ToString(), a.Minute)).ToDictionary(g => g.Key, g => g.Count());
        string Table(string ip) => string.Join(" ", Enumerable.Range(0, 30).Select(m => perIpMinute.GetValueOrDefault((ip, m))));
        var report = $"127.0.0.5: {Table("127.0.0.5")}\n127.0.0.6: {Table("127.0.0.6")}";

        // Nothing is accepted while the provider defers; afterwards both IPs deliver.
        Assert.True(arrivals.All(a => a.Minute >= 3), report);
        Assert.Equal(["127.0.0.5", "127.0.0.6"], arrivals.Select(a => a.Ip.ToString()).Distinct().Order());

        foreach (var ip in new[] { "127.0.0.5", "127.0.0.6" })
        {
            var minutes = Enumerable.Range(3, 27).Select(m => perIpMinute.GetValueOrDefault((ip, m))).ToList();

            // Never above the lane's limit (10 a minute), and slowed: the first minutes after recovery run at a
            // fraction of it, the last ones at (nearly) all of it.
            Assert.True(minutes.All(c => c <= PerHour / 60 + 1), report);
            Assert.True(minutes.Take(3).Average() <= PerHour / 60 / 2.0, report);
            Assert.True(minutes.TakeLast(3).Average() >= PerHour / 60 * 0.8, report);

            // Climbing: each five-minute block is at least as fast as the one before.
            var blocks = minutes.Chunk(5).Where(b => b.Length == 5).Select(b => b.Sum()).ToList();
            Assert.True(blocks.Zip(blocks.Skip(1)).All(p => p.Second >= p.First - 1), report);
        }

        var lanes = await _services.GetRequiredService<LaneRegistry>().ListAsync();
        Assert.All(lanes, l => Assert.Contains("TSS04", l.LastDeferral));
    }
}
