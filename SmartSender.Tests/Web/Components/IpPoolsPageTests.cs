using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery.Direct;
using SmartSender.Core.Delivery.Pools;
using SmartSender.Tests.Fixtures;
using IpPoolsPage = SmartSender.Web.Components.Pages.Admin.IpPools;

namespace SmartSender.Tests.Web.Components;

/// <summary>The IP pools page over a real SQLite file.</summary>
public class IpPoolsPageTests : ComponentTest
{
    private readonly TestDatabase _database = new();
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
        _pools = new IpPools(Options.Create(options), Options.Create(new DirectOptions()), _database.CreateFactory());
        Services.AddSingleton(_pools);
        Services.AddSingleton(new AccountDirectory(_database.CreateFactory()));
    }

    protected override Task DisposeTestAsync() => _database.DisposeAsync();

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
