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
public class FeedbackFlowTests : SenderFlowTest
{
    private readonly LandingSite _landing = new();
    private readonly WebhookReceiver _receiver = new();

    protected override string? UserAgent => DesktopChrome;

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _landing.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Recipient_OpensAndClicks_ABounceComesBack_AndTheUserSeesItAll()
    {
        var page = Ui.Page;
        var sale = _landing.UrlOf("/sale?item=42&utm_source=mail");
        var sent = await Api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <news@shop.test>",
            to = "ann@example.test",
            subject = "Winter sale",
            html = $"<h1>Winter sale</h1><p>Everything is <a href=\"{sale}\">half price</a> this week.</p>",
            stream = "marketing",
        });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var delivered = await App.Smtp.NextAsync();

        // The recipient's mail client shows the HTML (images on) and the recipient clicks the link.
        await page.SetContentAsync(delivered.HtmlBody!.Replace("http://localhost:5080", Address.ToString().TrimEnd('/')));
        await page.GetByRole(AriaRole.Link, new() { Name = "half price" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(sale);
        await Expect(page.Locator("[data-testid=asked]")).ToHaveTextAsync("/sale?item=42&utm_source=mail");

        // Later the receiving server returns it: the mailbox is gone.
        await Reports.SendAsync(
            Reports.Dsn(delivered, "ann@example.test", "5.1.1", "smtp; 550 5.1.1 <ann@example.test>: Recipient address rejected: User unknown in virtual mailbox table"),
            App.InboundPort, App.Smtp.EnvelopeFromOf(delivered));
        await App.Services.GetRequiredService<TrackingEvents>().FlushAsync();

        await Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await Ui.OpenAsync($"/messages/{id}");
        await Expect(page.Locator("[data-event=Opened]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-event=Clicked]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-event=HardBounced]")).ToHaveTextAsync("Hard bounce");
        await Expect(page.GetByText("bounce report (DSN)")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-status=Bounced]")).ToBeVisibleAsync();
        await Ui.ScreenshotAsync("40-message-feedback-timeline");

        await Ui.OpenAsync("/suppressions");
        await Expect(page.Locator("[data-testid=suppressed-address]")).ToHaveTextAsync("ann@example.test");
        await Ui.ScreenshotAsync("41-suppressions");
        await Expect(page.Locator("[data-testid=suppression-reason-chip]")).ToHaveTextAsync("Hard bounce");

        await Ui.OpenAsync("/webhooks");
        await Expect(page.Locator("[data-testid=webhooks-empty]")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=webhook-url]").FillAsync("http://10.1.2.3/hook");
        await page.Locator("[data-testid=webhook-add]").ClickAsync();
        await Expect(page.GetByText("must use https")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=webhook-url]").FillAsync(_receiver.Url);
        await page.Locator("[data-testid=webhook-add]").ClickAsync();
        await Expect(page.Locator("[data-testid=webhook-endpoint]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=webhook-secret] [data-value]")).ToContainTextAsync("whsec_");
        await Ui.ScreenshotAsync("42-webhooks");

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
