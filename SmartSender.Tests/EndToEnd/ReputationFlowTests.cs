using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using SmartSender.Core.Accounts;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// Twenty-four receipts, two of which come back as hard bounces through the real inbound listener: the account
/// drops to Low, and in real Chromium the Reputation page says why, with the figures; an Admin then sets its quota by hand.
/// </summary>
[Collection(AppCollection.Name)]
public class ReputationFlowTests : SenderFlowTest
{
    private const int Receipts = 24;

    protected override void Configure(SmartSenderApp app)
    {
        app.Settings["Reputation:MinimumVolume"] = "20";
        app.Settings["Quota:Normal:PerSecond"] = "0";
    }

    [Fact]
    public async Task TwoHardBouncesInTwentyFour_DropTheAccountToLow_AndThePageSaysWhy()
    {
        var delivered = new List<MimeKit.MimeMessage>();
        for (var i = 0; i < Receipts; i++)
        {
            var sent = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "Shop <orders@shop.test>", to = $"customer{i}@example.test", subject = $"Receipt {i}", text = "Total: 12.00 EUR" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            delivered.Add(await App.Smtp.NextAsync());
        }

        foreach (var original in delivered.Take(2))
        {
            var to = original.To.Mailboxes.Single().Address;
            await Reports.SendAsync(Reports.Dsn(original, to, "5.1.1", $"smtp; 550 5.1.1 <{to}>: Recipient address rejected: User unknown"), App.InboundPort, App.Smtp.EnvelopeFromOf(original));
        }

        await Eventually.ReturnsAsync(() => App.WithDbAsync(db => db.Messages.CountAsync(m => m.Status == MessageStatus.Bounced)), n => n == 2);

        // The bounces themselves set off a judgement of the account, before anyone opens a page.
        await Eventually.ReturnsAsync(() => App.WithDbAsync(db => db.Accounts.Select(a => a.Reputation).ToListAsync()), levels => levels.Contains(Core.Accounts.ReputationLevel.Low));

        var page = Ui.Page;
        await Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await Ui.OpenAsync("/reputation");
        await Expect(page.Locator("[data-testid=reputation-level-value]")).ToHaveTextAsync("Low");
        await Expect(page.Locator("[data-testid=reputation-reason]")).ToHaveTextAsync("Bounce rate 8.3% over the last 7 days (2 of 24) reached the Low threshold of 5%.");
        await Expect(page.Locator("[data-testid=factor-Bounces-rate]")).ToHaveTextAsync("8.3%");
        await Expect(page.Locator("[data-testid=factor-Bounces-contribution]")).ToHaveTextAsync("100% of what pulls the level down.");
        await Expect(page.Locator("[data-testid=gauge-Bounces]")).ToHaveAttributeAsync("aria-valuenow", "8.333");
        await Expect(page.Locator("[data-testid=factor-Complaints-contribution]")).ToHaveTextAsync("Contributes nothing to a lower level.");
        await Expect(page.Locator("[data-testid=reputation-up]")).ToHaveTextAsync("Keep bounces under 5% for 1 day more to reach Normal (at about 24 messages a day).");
        await Expect(page.Locator("[data-testid=reputation-history]")).ToContainTextAsync("Level: Normal → Low");
        await Expect(page.Locator("[data-testid=reputation-quota-text]")).ToContainTextAsync("24 of 1,000 messages used in the last 24 hours");
        var trend = await page.Locator("canvas[data-chart=reputation-trend]").EvaluateAsync<double[]>(
            "c => window.Chart.getChart(c).data.datasets.find(d => d.label === 'Bounces').data");
        Assert.Equal(90, trend.Length);
        Assert.Equal(8.3333, trend[^1]);
        await Ui.ScreenshotAsync("60-reputation-low");

        await Ui.OpenAsync("/");
        await Expect(page.Locator("[data-testid=overview-reputation]")).ToContainTextAsync("Low");

        // Support gives the account a quota of its own for the week, with the reason its users then read.
        await Ui.OpenAsync("/admin/reputation");
        var row = page.Locator("[data-testid=admin-reputation] tbody tr", new() { HasText = "Operator" });
        await Expect(row.Locator("[data-testid=admin-reputation-level]")).ToHaveTextAsync("Low");
        await Ui.ScreenshotAsync("61-admin-reputation");
        await row.Locator("[data-testid=admin-reputation-set-quota]").ClickAsync();
        await Ui.FillAsync("Messages per 24 hours", "200");
        await Ui.FillAsync("Messages per second", "2");
        await Expect(page.Locator("[data-testid=quota-save]")).ToBeDisabledAsync();
        await Ui.FillAsync("Why?", "Cleaning the customer list this week");
        await page.Locator("[data-testid=quota-save]").ClickAsync();
        await Expect(row.Locator("[data-testid=admin-reputation-quota]")).ToHaveTextAsync("200/day, 2/s (by hand)");

        await Ui.OpenAsync("/reputation");
        await Expect(page.Locator("[data-testid=reputation-quota-text]")).ToContainTextAsync("24 of 200 messages used");
        await Expect(page.Locator("[data-testid=reputation-quota-text]")).ToContainTextAsync("Cleaning the customer list this week");
        await Expect(page.Locator("[data-testid=reputation-history]")).ToContainTextAsync("Quota: follows the level → 200/day, 2/s");
        await Ui.ScreenshotAsync("62-reputation-quota-by-hand");
    }
}
