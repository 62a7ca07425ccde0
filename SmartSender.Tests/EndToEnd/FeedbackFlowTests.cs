using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// What comes back after a message leaves, in real Chromium: the recipient opens the delivered HTML and clicks its
/// link, a bounce arrives at the inbound SMTP listener, and the user sees all of it on the timeline, the suppression
/// list and the webhooks page.
/// </summary>
[Collection(AppCollection.Name)]
public class FeedbackFlowTests : IAsyncLifetime
{
    private const string DesktopChrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private readonly SmartSenderApp _app = new(kestrel: true);
    private readonly LandingSite _landing = new();
    private readonly WebhookReceiver _receiver = new();
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Uri _address = default!;
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        _address = _app.StartKestrel();
        var accountId = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(accountId, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(accountId));
        _browser = await BrowserSession.OpenAsync(_address, DesktopChrome);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _browser.DisposeAsync();
        await _receiver.DisposeAsync();
        await _landing.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Recipient_OpensAndClicks_ABounceComesBack_AndTheUserSeesItAll()
    {
        var page = _ui.Page;
        var sale = _landing.UrlOf("/sale?item=42&utm_source=mail");
        var sent = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <news@shop.test>",
            to = "ann@example.test",
            subject = "Winter sale",
            html = $"<h1>Winter sale</h1><p>Everything is <a href=\"{sale}\">half price</a> this week.</p>",
            stream = "marketing",
        });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var delivered = await _app.Smtp.NextAsync();

        // The recipient's mail client shows the HTML (images on) and the recipient clicks the link.
        await page.SetContentAsync(delivered.HtmlBody!.Replace("http://localhost:5080", _address.ToString().TrimEnd('/')));
        await page.GetByRole(AriaRole.Link, new() { Name = "half price" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(sale);
        await Expect(page.Locator("[data-testid=asked]")).ToHaveTextAsync("/sale?item=42&utm_source=mail");

        // Later the receiving server returns it: the mailbox is gone.
        await Reports.SendAsync(
            Reports.Dsn(delivered, "ann@example.test", "5.1.1", "smtp; 550 5.1.1 <ann@example.test>: Recipient address rejected: User unknown in virtual mailbox table"),
            _app.InboundPort, _app.Smtp.EnvelopeFromOf(delivered));
        await _app.Services.GetRequiredService<TrackingEvents>().FlushAsync();

        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await _ui.OpenAsync($"/messages/{id}");
        await Expect(page.Locator("[data-event=Opened]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-event=Clicked]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-event=HardBounced]")).ToHaveTextAsync("Hard bounce");
        await Expect(page.GetByText("bounce report (DSN)")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-status=Bounced]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("40-message-feedback-timeline");

        await _ui.OpenAsync("/suppressions");
        await Expect(page.Locator("[data-testid=suppressed-address]")).ToHaveTextAsync("ann@example.test");
        await _ui.ScreenshotAsync("41-suppressions");
        await Expect(page.Locator("[data-testid=suppression-reason-chip]")).ToHaveTextAsync("Hard bounce");

        await _ui.OpenAsync("/webhooks");
        await Expect(page.Locator("[data-testid=webhooks-empty]")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=webhook-url]").FillAsync("http://10.1.2.3/hook");
        await page.Locator("[data-testid=webhook-add]").ClickAsync();
        await Expect(page.GetByText("must use https")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=webhook-url]").FillAsync(_receiver.Url);
        await page.Locator("[data-testid=webhook-add]").ClickAsync();
        await Expect(page.Locator("[data-testid=webhook-endpoint]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=webhook-secret] [data-value]")).ToContainTextAsync("whsec_");
        await _ui.ScreenshotAsync("42-webhooks");

        // While the secret is shown, the button hides it; hidden, it offers to show it again.
        await Expect(page.Locator("[data-testid=webhook-reveal]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=webhook-hide]").ClickAsync();
        await Expect(page.Locator("[data-testid=webhook-secret]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=webhook-reveal]").ClickAsync();
        await Expect(page.Locator("[data-testid=webhook-secret] [data-value]")).ToContainTextAsync("whsec_");

        // A test post reaches the receiver; a disabled endpoint says so.
        await page.Locator("[data-testid=webhook-test]").ClickAsync();
        Assert.Contains("webhook.test", (await _receiver.NextAsync()).Body);
        await page.Locator("[data-testid=webhook-toggle]").ClickAsync();
        await Expect(page.Locator("[data-testid=webhook-disabled]")).ToHaveTextAsync("Disabled");
        await Expect(page.Locator("[data-testid=webhook-toggle]")).ToHaveTextAsync("Enable");
    }
}
