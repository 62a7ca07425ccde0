using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Closure;
using SmartSender.Core.Common;
using SmartSender.Web.Components.Layout;

namespace SmartSender.Tests.Web.Components;

public class MainLayoutTests : ComponentTest
{
    private readonly Fixtures.TestDatabase _database = new();

    public MainLayoutTests() => Services.AddSingleton(new AccountDirectory(_database.CreateFactory()));

    public override Task InitializeAsync() => _database.InitializeAsync();

    protected override Task DisposeTestAsync() => _database.DisposeAsync();

    private static readonly string[] Areas = ["Overview", "Domains", "Templates", "Compose", "Messages", "Contacts", "Campaigns", "Suppressions", "Webhooks", "Analytics", "Reputation", "Account", "Audit log"];
    private static readonly string[] AdminAreas = ["Accounts", "Reputation of accounts", "Audit log of all accounts", "Closure requests", "IP pools", "Throttle", "Instances", "Jobs"];

    [Fact]
    public void Shell_ForAMember_ShowsEveryAreaButNoAdministration()
    {
        SignIn(Guid.NewGuid());

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p id='content'>Page body</p>"));

        var links = cut.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(Areas, links);
        Assert.DoesNotContain("Administration", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=closure-banner]"));
        Assert.Equal("Page body", cut.Find("#content").TextContent);
    }

    [Fact]
    public void Shell_ForAnAdmin_AddsTheAdministrationAreas()
    {
        SignIn(Guid.NewGuid(), Roles.Admin);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page body</p>"));

        var links = cut.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal([.. Areas, .. AdminAreas], links);
        Assert.Equal("/jobs", cut.FindAll("a.mud-nav-link").Single(a => a.TextContent.Trim() == "Jobs").GetAttribute("href"));
    }

    [Fact]
    public void Shell_ForAViewer_HasNoComposeAndNoAuditLog()
    {
        SignIn(Guid.NewGuid(), nameof(AccountRole.Viewer));

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page body</p>"));

        var links = cut.FindAll(".mud-nav-link").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(Areas.Except(["Compose", "Audit log"]), links);
    }

    [Fact]
    public void ThemeToggle_SwitchesToDarkAndBack()
    {
        SignIn(Guid.NewGuid());
        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page body</p>"));
        var lightStyle = ThemeStyle(cut);
        Assert.Equal("false", cut.Find("[data-testid=theme-toggle]").GetAttribute("aria-pressed"));

        cut.Find("[data-testid=theme-toggle]").Click();

        Assert.Equal("true", cut.Find("[data-testid=theme-toggle]").GetAttribute("aria-pressed"));
        Assert.Contains("--mud-palette-primary: rgba(121,134,203,1);", ThemeStyle(cut));
        Assert.Equal("Light theme", cut.FindComponent<MudTooltip>().Instance.Text);

        cut.Find("[data-testid=theme-toggle]").Click();
        Assert.Equal(lightStyle, ThemeStyle(cut));
    }

    private static string ThemeStyle(IRenderedComponent<MainLayout> cut) =>
        string.Concat(cut.FindAll("style").Select(s => s.TextContent));

    [Fact]
    public void UserMenu_ShowsTheSignedInUser()
    {
        SignIn(Guid.NewGuid());

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page body</p>"));

        Assert.NotNull(cut.Find("[aria-label='User menu']"));
    }

    [Fact]
    public async Task ClosureBanner_ShowsOnEveryPage_WhileTheAccountsClosureIsRequested()
    {
        var shop = (await _database.AddAccountsAsync("Shop"))[0];
        await new AccountClosure(_database.CreateFactory(), TimeProvider.System).RequestAsync(shop, "Moving on", "Shop", "ann@shop.test");
        SignIn(shop);

        var cut = Render<MainLayout>(p => p.Add(l => l.Body, "<p>Page body</p>"));

        cut.WaitForAssertion(() => Assert.Contains("Nothing is deleted until then.", cut.Find("[data-testid=closure-banner]").TextContent));
    }
}
