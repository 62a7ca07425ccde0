using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// The Owner of a customer account asks to close it in the browser and sees the banner on every page; support sees the
/// request in its own browser; then the Owner takes it back.
/// </summary>
[Collection(AppCollection.Name)]
public class ClosureRequestFlowTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private const string OwnerEmail = "owner@shop.test";
    private const string OwnerPassword = "Owner-Password-1";
    private BrowserSession _browser = default!;
    private BrowserSession _support = default!;
    private DashboardPage _ui = default!;

    public async Task InitializeAsync()
    {
        var address = _app.StartKestrel();
        await _app.CreateAdminAsync();
        await _app.CreateCustomerUserAsync(OwnerEmail, OwnerPassword, "Shop");
        _browser = await BrowserSession.OpenAsync(address);
        _support = await BrowserSession.OpenAsync(address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _support.DisposeAsync();
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task OwnerRequestsClosure_SeesTheBanner_SupportSeesTheRequest_ThenTheOwnerKeepsTheAccount()
    {
        var page = _ui.Page;
        await _ui.SignInAsync(OwnerEmail, OwnerPassword);
        await _ui.OpenAsync("/account");
        var card = page.Locator("[data-testid=close-account]");
        await card.GetByLabel("Why do you want to close the account?").FillAsync("We moved our mail elsewhere");
        await Expect(page.Locator("[data-testid=close-account-request]")).ToBeDisabledAsync();
        await card.GetByLabel("Type Shop to confirm").FillAsync("shop");
        await Expect(page.Locator("[data-testid=close-account-request]")).ToBeDisabledAsync();
        await card.GetByLabel("Type Shop to confirm").FillAsync("Shop");
        await _ui.ScreenshotAsync("15-close-account");
        await page.Locator("[data-testid=close-account-request]").ClickAsync();

        await Expect(page.Locator("[data-testid=close-account-requested]")).ToContainTextAsync("We moved our mail elsewhere");
        await _ui.WaitForCircuitAsync();
        await _ui.OpenAsync("/messages");
        await Expect(page.Locator("[data-testid=closure-banner]")).ToContainTextAsync("Nothing is deleted until then.");
        await _ui.ScreenshotAsync("16-closure-banner");

        var support = _support.Ui;
        await support.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await support.OpenAsync("/admin/closure-requests");
        await Expect(support.Page.Locator("[data-testid=closure-requests]")).ToContainTextAsync("We moved our mail elsewhere");
        await Expect(support.Page.Locator("[data-testid=closure-requests]")).ToContainTextAsync(OwnerEmail);
        await support.ScreenshotAsync("17-closure-requests");

        await _ui.OpenAsync("/account");
        await page.Locator("[data-testid=close-account-cancel]").ClickAsync();
        await Expect(page.Locator("[data-testid=close-account-request]")).ToBeVisibleAsync();
        await _ui.WaitForCircuitAsync();
        await Expect(page.Locator("[data-testid=closure-banner]")).ToHaveCountAsync(0);
        await _ui.OpenAsync("/audit");
        await Expect(page.Locator("td[data-action='closure.requested']")).ToHaveCountAsync(1);
        await Expect(page.Locator("td[data-action='closure.cancelled']")).ToHaveCountAsync(1);
    }
}
