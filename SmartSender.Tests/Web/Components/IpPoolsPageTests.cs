using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using Microsoft.Extensions.Logging.Abstractions;
using SmartSender.Core.Accounts;
using SmartSender.Core.Blocklists;
using SmartSender.Core.Webhooks;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Tests.Fixtures;
using IpPoolsPage = SmartSender.Web.Components.Pages.Admin.IpPools;

namespace SmartSender.Tests.Web.Components;

/// <summary>The IP pools page over a real SQLite file, its blocklist checks over a DNS server on 127.0.0.1.</summary>
public class IpPoolsPageTests : ComponentTest
{
    private readonly TestDatabase _database = new();
    private readonly TestDnsServer _dns = new();
    private IpPools _pools = default!;
    private Guid _acme;

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var ids = await _database.AddAccountsAsync("Acme", "Shop");
        _acme = ids[0];
        var options = new PoolOptions();
        options.Pools["shared"] = [new SendingIp { Address = "192.0.2.10", EhloName = "mta1.example.net" }];
        options.Pools["acme"] = [new SendingIp { Address = "192.0.2.20", EhloName = "mta2.example.net" }];
        options.Pools["acme"] = [.. options.Pools["acme"], new SendingIp { Address = "192.0.2.21", EhloName = "mta3.example.net" }];
        var blocklists = Options.Create(new BlocklistOptions
        {
            QueriesPerSecond = 1000,
            RemoveListedIps = true,

            // 192.0.2.0/24 is a documentation range no public list serves: this list is the test's own.
            SkipPrivateTargets = false,
            Lists = [new BlocklistDefinition { Name = "Test ZEN", Zone = "zen.bl.test", RemovalUrl = "https://bl.test/removal", Listed = { ["127.0.0.2"] = "SBL: a spam source" } }],
        });
        _pools = new IpPools(Options.Create(options), Options.Create(new DirectOptions()), _database.CreateFactory(), new ListedSendingIps(blocklists, _database.CreateFactory()));
        Services.AddSingleton(_pools);
        Services.AddSingleton(new AccountDirectory(_database.CreateFactory()));
        var notices = new AccountNotices(new WebhookKick(_database.CreateFactory(), new DeliveryStack.NoJobs(), TimeProvider.System));
        Services.AddSingleton(new BlocklistChecker(_dns.CreateResolver(), blocklists, _pools, _database.CreateFactory(), notices, TimeProvider.System,
            NullLogger<BlocklistChecker>.Instance));
    }

    protected override async Task DisposeTestAsync()
    {
        _dns.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public void CheckNow_ShowsAListedIp_WithItsList_ItsRemovalPage_AndThatItIsOutOfRotation()
    {
        _dns.Add("20.2.0.192.zen.bl.test", TestDnsRecord.A("127.0.0.2"));
        SignIn(Guid.NewGuid(), Roles.Admin);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<IpPoolsPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=blocklists-empty]")));

        cut.Find("[data-testid=check-blocklists]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Listed", cut.Find("[data-testid=listing][data-target='192.0.2.20']").GetAttribute("data-state")));
        var listed = cut.Find("[data-testid=listing][data-target='192.0.2.20']");
        Assert.Contains("SBL: a spam source (127.0.0.2)", listed.TextContent);
        Assert.Equal("https://bl.test/removal", listed.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Clear", cut.Find("[data-testid=listing][data-target='192.0.2.21']").GetAttribute("data-state"));
        var ip = cut.Find("[data-testid=pool-ip][data-ip='192.0.2.20']");
        Assert.Contains("listed on Test ZEN", ip.TextContent);
        Assert.Contains("out of rotation", ip.TextContent);
        Assert.DoesNotContain("out of rotation", cut.Find("[data-testid=pool-ip][data-ip='192.0.2.21']").TextContent);
    }

    [Fact]
    public async Task ListsEachPoolWithItsIpsAndAccounts_AndMovesAnAccount()
    {
        SignIn(Guid.NewGuid(), Roles.Admin);
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();

        var cut = Render<IpPoolsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Acme, Shop", cut.Find("[data-pool=shared]").TextContent));
        Assert.Contains("192.0.2.20", cut.Find("[data-pool=acme]").TextContent);
        Assert.Contains("mta2.example.net", cut.Find("[data-pool=acme]").TextContent);
        Assert.Contains("default", cut.Find("[data-pool=shared]").TextContent);

        await _pools.AssignAsync(_acme, "acme");
        var again = Render<IpPoolsPage>();
        again.WaitForAssertion(() => Assert.Contains("Acme", again.Find("[data-pool=acme]").TextContent));
        Assert.DoesNotContain("Acme", again.Find("[data-pool=shared]").TextContent);
    }
}
