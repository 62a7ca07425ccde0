using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A user adds a domain in the browser, copies each record with its copy buttons, publishes them to the DNS
/// server on 127.0.0.1, presses Verify, and sees every record turn Verified.
/// </summary>
[Collection(AppCollection.Name)]
public class DomainVerificationFlowTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Uri _address = default!;

    public async Task InitializeAsync()
    {
        _address = _app.StartKestrel();
        await _app.CreateAdminAsync();
        _browser = await BrowserSession.OpenAsync(_address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task User_AddsADomain_PublishesTheCopiedRecords_AndSeesEveryOneVerified()
    {
        var page = _ui.Page;
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await Expect(page.Locator("[data-testid=overview-no-domain]")).ToBeVisibleAsync();

        await _ui.OpenAsync("/domains");
        await Expect(page.Locator("[data-testid=domains-empty]")).ToBeVisibleAsync();
        var name = page.GetByLabel("Domain", new() { Exact = true });
        await name.FillAsync("gmail.com");
        await page.Locator("[data-testid=add-domain]").ClickAsync();
        await Expect(page.GetByText("belongs to a public mailbox provider")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("20-domains-public-refused");

        await name.FillAsync("Shop.Example");
        await page.Locator("[data-testid=add-domain]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop.example" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=domain-summary]")).ToContainTextAsync("Publish the records below");

        // Sending before the domain is verified is refused as unsigned, with the reason.
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("ann@example.test");
        await page.Locator("[data-testid=test-send-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=test-send-result]")).ToContainTextAsync("cannot be sent (unsigned)");

        // Verify before publishing: nothing is visible yet, which is said as such.
        await page.Locator("[data-testid=verify]").ClickAsync();
        await Expect(page.Locator("[data-record=Ownership] [data-testid=hint]")).ToContainTextAsync("Not visible yet");
        await _ui.ScreenshotAsync("21-domain-records");

        var cards = page.Locator("[data-record]");
        var count = await cards.CountAsync();
        Assert.Equal(6, count);
        for (var i = 0; i < count; i++)
        {
            var card = cards.Nth(i);
            var fullName = await CopyAsync(card.Locator("[data-testid=full-name]"));
            var type = await card.Locator("[data-testid=type] [data-value]").InnerTextAsync();
            var value = await CopyAsync(card.Locator("[data-testid=value]"));
            _app.Dns.Add(fullName, type == "CNAME" ? TestDnsRecord.Cname(value) : TestDnsRecord.Txt([.. PublishedRecord.SplitTxt(value)]));
        }

        await page.Locator("[data-testid=verify]").ClickAsync();

        await Expect(page.Locator("[data-testid=domain-summary]")).ToContainTextAsync("shop.example can send");
        await Expect(page.Locator("[data-record-status=Verified]")).ToHaveCountAsync(6);
        await Expect(page.Locator("[data-testid=history]")).ToContainTextAsync("Verified");
        await page.Locator("[data-testid=test-send-button]").ClickAsync();
        await Expect(page.Locator("[data-testid=test-send-result]")).ToContainTextAsync("Queued for ann@example.test");
        Assert.Equal("SmartSender test message", (await _app.Smtp.NextAsync()).Subject);
        await _ui.ScreenshotAsync("22-domain-verified");

        await _ui.OpenAsync("/domains");
        await Expect(page.Locator("[data-testid=domains]")).ToContainTextAsync("Allowed");

        // Later the DKIM record disappears; the hourly re-check blocks the domain and the Overview says why.
        _app.Dns.Remove(await page.Locator("[data-testid=domains] a").First.InnerTextAsync() is var domain ? $"ss1._domainkey.{domain}" : "");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DomainRecheckJob>().RunAsync(CancellationToken.None);
        }

        await _ui.OpenAsync("/");
        await Expect(page.Locator("[data-testid=overview-domain-alert]")).ToContainTextAsync("shop.example cannot send");
        await _ui.ScreenshotAsync("23-overview-domain-blocked");
    }

    /// <summary>Presses a copy button and reads back what reached the clipboard.</summary>
    private async Task<string> CopyAsync(ILocator field)
    {
        await _ui.Page.EvaluateAsync("() => navigator.clipboard.writeText('')");
        await field.Locator("[data-copy]").ClickAsync();
        var copied = await Eventually.ReturnsAsync(() => _ui.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"), v => v.Length > 0);
        Assert.Equal(await field.Locator("[data-value]").InnerTextAsync(), copied);
        return copied;
    }
}
