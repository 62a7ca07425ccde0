using System.IO.Compression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartSender.Core.Closure;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;
using SmartSender.Tests.Accounts;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// An Admin creates an account; its Owner accepts the mailed invitation, sets a password, signs in, invites a
/// colleague and later asks to close the account; support approves in the Admin page, and the Owner's export link works.
/// </summary>
[Collection(AppCollection.Name)]
public class AccountLifecycleFlowTests : IAsyncLifetime
{
    private const string Owner = "olga@acme.test";
    private const string Password = "Olga-Password-1";
    private readonly SmartSenderApp _app = SystemMailApp.Create(kestrel: true, sessionCheck: TimeSpan.FromSeconds(1));
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;

    public async Task InitializeAsync()
    {
        var address = _app.StartKestrel();
        await SystemMailApp.PrepareAsync(_app);
        _browser = await BrowserSession.OpenAsync(address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task InviteAcceptSignIn_ThenClosureApprovedBySupport()
    {
        var page = _ui.Page;
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await _ui.OpenAsync("/admin/accounts");
        await page.GetByLabel("Account name").FillAsync("Acme");
        await page.GetByLabel("Owner's email").FillAsync(Owner);
        await page.Locator("[data-testid=new-account-create]").ClickAsync();
        await Expect(page.Locator("[data-testid=new-account-result]")).ToContainTextAsync($"The invitation went to {Owner}");
        await Expect(page.Locator("[data-testid=accounts]")).ToContainTextAsync("Acme");
        await _ui.ScreenshotAsync("18-admin-accounts");
        var link = SystemMailApp.LinkPath(await SystemMailApp.NextMailToAsync(_app, Owner), Invitations.AcceptPath);

        // Support can also invite into an account it did not just create.
        await page.Locator("[data-testid=admin-invite-account]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Acme" }).ClickAsync();
        await page.GetByLabel("Email to invite").FillAsync("dan@acme.test");
        await page.Locator("[data-testid=admin-invite-send]").ClickAsync();
        await Expect(page.Locator("[data-testid=admin-invite-result]")).ToContainTextAsync("The invitation went to dan@acme.test, as Owner.");
        Assert.Equal("You are invited to Acme on SmartSender", (await SystemMailApp.NextMailToAsync(_app, "dan@acme.test")).Subject);

        // The Owner, in a browser of their own, follows the link from the mail.
        await page.Context.ClearCookiesAsync();
        await page.GotoAsync(new Uri(_app.Address!, link).ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("Join Acme");
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await _ui.ScreenshotAsync("19-accept-invitation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set password and sign in" }).ClickAsync();
        await _ui.WaitForCircuitAsync();

        await _ui.OpenAsync("/account");
        await Expect(page.GetByText("Account name: Acme")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=users]")).ToContainTextAsync($"{Owner} (you)");
        await page.GetByLabel("Email to invite").FillAsync("vic@acme.test");
        await page.Locator("[data-testid=invite-send]").ClickAsync();
        await Expect(page.Locator("[data-testid=invite-result]")).ToContainTextAsync("The invitation went to vic@acme.test, as Developer.");
        await Expect(page.Locator("[data-testid=invitation-row]", new() { HasText = "vic@acme.test" })).ToContainTextAsync("Developer");
        await _ui.ScreenshotAsync("20-account-users");

        // Signed out, the new user signs in with the password they chose.
        await page.Context.ClearCookiesAsync();
        await _ui.SignInAsync(Owner, Password);
        await _ui.OpenAsync("/account");
        var card = page.Locator("[data-testid=close-account]");
        await card.GetByLabel("Why do you want to close the account?").FillAsync("We are shutting the shop");
        await card.GetByLabel("Type Acme to confirm").FillAsync("Acme");
        await page.Locator("[data-testid=close-account-request]").ClickAsync();
        await Expect(page.Locator("[data-testid=close-account-requested]")).ToBeVisibleAsync();

        // Support approves.
        await page.Context.ClearCookiesAsync();
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await _ui.OpenAsync("/admin/closure-requests");
        await Expect(page.Locator("[data-testid=closure-request-row]")).ToContainTextAsync("We are shutting the shop");
        await page.Locator("[data-testid=closure-approve]").ClickAsync();
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        await Expect(page.Locator("[data-testid=closure-approved]")).ToContainTextAsync("Acme is closed");
        await Expect(page.Locator("[data-testid=closure-approved]")).ToContainTextAsync($"The export link went to {Owner}");
        await Expect(page.Locator("[data-testid=closure-requests-empty]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("21-closure-approved");
        await _ui.OpenAsync("/admin/accounts");
        await Expect(page.Locator("[data-testid=account-row]", new() { HasText = "Acme" }).Locator("[data-testid=account-state]")).ToContainTextAsync("Closed on");
        await Expect(page.Locator("[data-testid=account-reopen]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("22-closed-account");

        // The Owner's export arrives by mail and opens without signing in; signing in is refused.
        var export = SystemMailApp.LinkPath(await SystemMailApp.NextMailToAsync(_app, Owner), ClosureDecisions.ExportPath);
        using var http = new HttpClient { BaseAddress = _app.Address };
        using (var zip = new ZipArchive(await http.GetStreamAsync(export)))
        {
            Assert.Equal(AccountExport.Files.Order(), zip.Entries.Select(e => e.FullName).Order());
        }

        await page.Context.ClearCookiesAsync();
        await page.GotoAsync(new Uri(_app.Address!, "/login").ToString());
        await _ui.FillAsync("Email", Owner);
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("This account was closed on");
    }

    [Fact]
    public async Task AnOpenPage_OfAClosedAccount_GoesToTheSignInPage()
    {
        var owner = await _app.CreateCustomerUserAsync("pat@shop.test", "Pat-Password-1");
        await _ui.SignInAsync("pat@shop.test", "Pat-Password-1");
        await _ui.OpenAsync("/messages");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var name = (await scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountDirectory>().GetAsync(owner.AccountId))!.Name;
            Assert.True((await scope.ServiceProvider.GetRequiredService<Core.Closure.AccountClosure>().RequestAsync(owner.AccountId, "Done", name, "pat@shop.test")).Succeeded);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ClosureDecisions>().ApproveAsync(owner.AccountId, SmartSenderApp.AdminEmail)).Succeeded);
        }

        // No reload: the open circuit notices the changed security stamp by itself.
        await Expect(_ui.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 15_000 });
    }

    [Fact]
    public async Task AViewer_SeesTheAccount_WithoutAnyControlThatChangesIt()
    {
        var owner = await _app.CreateCustomerUserAsync("ann@shop.test", "Ann-Password-1");
        await _app.VerifyDomainAsync(owner.AccountId, "shop.test");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Persistence.AppUser>>();
            var viewer = new Core.Persistence.AppUser { UserName = "vic@shop.test", Email = "vic@shop.test", AccountId = owner.AccountId, Role = Core.Common.AccountRole.Viewer };
            Assert.True((await users.CreateAsync(viewer, "Vic-Password-1")).Succeeded);
        }

        await _ui.SignInAsync("vic@shop.test", "Vic-Password-1");
        var page = _ui.Page;
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Compose" })).ToHaveCountAsync(0);
        await _ui.OpenAsync("/domains");
        await Expect(page.Locator("[data-testid=viewer-hint]")).ToBeVisibleAsync();
        await Expect(page.GetByText("shop.test").First).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("23-viewer-domains");
        await _ui.OpenAsync("/account");
        await Expect(page.Locator("[data-testid=users]")).ToContainTextAsync("vic@shop.test (you)");
        await Expect(page.Locator("[data-testid=create-api-key]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=close-account-owners]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("24-viewer-account");

        // Typed into the address bar, a page for changing things says why it does not open.
        await page.GotoAsync(new Uri(_app.Address!, "/compose").ToString());
        await Expect(page.GetByText("Your role in this account does not open this page.")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("25-viewer-compose-refused");
    }
}
