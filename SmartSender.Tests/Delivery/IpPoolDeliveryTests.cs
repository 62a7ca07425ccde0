using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// Direct delivery from IP pools: the shared pool holds 127.0.0.5 and 127.0.0.6, a dedicated pool 127.0.0.7; every
/// domain is routed to an SMTP server on 127.0.0.2, which sees which address connected.
/// </summary>
public sealed class IpPoolDeliveryTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly TestDatabase _database = new();
    private readonly SmtpSink _sink = new(IPAddress.Parse("127.0.0.2"));
    private ServiceProvider _services = default!;
    private Guid _shared;
    private Guid _dedicated;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(_database, dns);
        _services = _database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o => o.RetryDelays = [TimeSpan.FromMinutes(1)]);
            s.AddOptions<DirectOptions>().Configure(o => o.Routes["*"] = $"127.0.0.2:{_sink.Port}");
            s.AddOptions<PoolOptions>().Configure(o =>
            {
                o.Pools["shared"] = [new SendingIp { Address = "127.0.0.5", EhloName = "mta5.test" }, new SendingIp { Address = "127.0.0.6", EhloName = "mta6.test" }];
                o.Pools["acme"] = [new SendingIp { Address = "127.0.0.7", EhloName = "mta7.test" }];
            });
            s.AddSingleton<Core.Dns.IDnsResolver>(dns.CreateResolver());
            s.AddSingleton(new ProviderDirectory(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
            s.AddSingleton<MxRouter>();
            s.AddSingleton<IMessageSender, DirectMxSender>();
            s.AddDeliveryStack(domains);
        });
        var ids = await _database.AddAccountsAsync("Shop", "Acme");
        (_shared, _dedicated) = (ids[0], ids[1]);
        await domains.AddVerifiedAsync(_shared, "shop.test");
        await domains.AddVerifiedAsync(_dedicated, "acme.test");
        Assert.True((await _services.GetRequiredService<IpPools>().AssignAsync(_dedicated, "acme")).Succeeded);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _sink.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task SharedPool_TakesItsIpsInTurn_DedicatedPool_UsesOnlyItsOwn_EachWithItsLane()
    {
        var sources = new List<(string From, IPAddress Ip)>();
        foreach (var (account, from) in new[] { (_shared, "a@shop.test"), (_shared, "b@shop.test"), (_dedicated, "c@acme.test"), (_dedicated, "d@acme.test") })
        {
            await DeliverAsync(account, from);
            var received = await _sink.NextAsync();
            sources.Add((received.From.Mailboxes.Single().Address, _sink.SourceOf(received)));
        }

        Assert.Equal(
            [("a@shop.test", "127.0.0.5"), ("b@shop.test", "127.0.0.6"), ("c@acme.test", "127.0.0.7"), ("d@acme.test", "127.0.0.7")],
            sources.Select(s => (s.From, s.Ip.ToString())));
        var lanes = await _services.GetRequiredService<LaneRegistry>().ListAsync();
        Assert.Equal(["127.0.0.5", "127.0.0.6", "127.0.0.7"], lanes.Select(l => l.SendingIp).Order());
    }

    [Fact]
    public async Task Pools_ListTheirIpsAndAccounts_AndAnUnknownPoolIsRefused()
    {
        var pools = _services.GetRequiredService<IpPools>();

        var listed = await pools.ListAsync();
        var refused = await pools.AssignAsync(_shared, "nope");

        Assert.Equal([("acme", false, "Acme"), ("shared", true, "Shop")], listed.OrderBy(p => p.Name).Select(p => (p.Name, p.IsDefault, string.Join(",", p.Accounts))));
        Assert.Equal("pool_unknown", Assert.Single(refused.Errors).Code);
    }

    private async Task DeliverAsync(Guid account, string from)
    {
        await _services.SubmitAsync(account, new SendRequestBuilder().From(from).Build());
        await _services.DrainAsync();
    }
}
