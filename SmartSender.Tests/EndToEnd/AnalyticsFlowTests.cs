using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// Known traffic (three receipts, two marketing mails opened by their recipients, one receipt bounced later), then
/// the Overview and Analytics pages in real Chromium: the drawn charts' data is read from Chart.js and checked
/// against that traffic, a filter changes them and stays in the URL, a bar leads to its messages, and the export
/// of a filtered view holds exactly those messages.
/// </summary>
[Collection(AppCollection.Name)]
public partial class AnalyticsFlowTests : SenderFlowTest
{
    protected override string? UserAgent => DesktopChrome;

    [Fact]
    public async Task Analytics_DrawsTheTrafficSent_FollowsFilters_AndLeadsToTheMessages()
    {
        var delivered = new List<MimeKit.MimeMessage>();
        foreach (var (to, stream, tag) in new[]
        {
            ("ann@example.test", "transactional", "receipt"), ("ben@example.test", "transactional", "receipt"), ("cy@example.test", "transactional", "receipt"),
            ("dee@example.test", "marketing", "promo"), ("eve@example.test", "marketing", "promo"),
        })
        {
            var sent = await Api.PostAsJsonAsync("/api/v1/messages", new
            {
                from = "Shop <news@shop.test>", to, subject = $"Hello {to}", html = "<p>Our <a href=\"https://shop.test/sale\">sale</a> is on.</p>", stream, tags = new[] { tag },
            });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            delivered.Add(await App.Smtp.NextAsync());
        }

        // Both marketing recipients open their mail in a desktop mail client; one receipt bounces later.
        using (var reader = new HttpClient())
        {
            reader.DefaultRequestHeaders.UserAgent.ParseAdd(DesktopChrome);
            foreach (var message in delivered.Where(m => m.Subject!.Contains("dee") || m.Subject!.Contains("eve")))
            {
                var pixel = Pixel().Match(message.HtmlBody!).Value.Replace("http://localhost:5080", Address.ToString().TrimEnd('/'));
                Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(pixel)).StatusCode);
            }
        }

        var bounced = delivered.Single(m => m.Subject!.Contains("cy@"));
        await Reports.SendAsync(
            Reports.Dsn(bounced, "cy@example.test", "5.1.1", "smtp; 550 5.1.1 <cy@example.test>: Recipient address rejected: User unknown"),
            App.InboundPort, App.Smtp.EnvelopeFromOf(bounced));
        await App.Services.GetRequiredService<TrackingEvents>().FlushAsync();

        var page = Ui.Page;
        await Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await Ui.OpenAsync("/");
        await Expect(page.Locator("[data-testid=metric-24h-submitted-value]")).ToHaveTextAsync("5");
        await Expect(page.Locator("[data-testid=metric-24h-opened-value]")).ToHaveTextAsync("2");
        await Expect(page.Locator("[data-testid=metric-30d-bounced-value]")).ToHaveTextAsync("1");
        await ChartDataAsync("messages-per-hour");
        await Ui.ScreenshotAsync("50-overview-light");

        await Ui.OpenAsync("/analytics?range=24h");
        var series = await ChartDataAsync("series");
        Assert.Equal(24, series["Submitted"].Length);
        Assert.Equal(5, series["Submitted"].Sum());
        Assert.Equal(5, series["Delivered"].Sum());
        Assert.Equal(2, series["Opened"].Sum());
        Assert.Equal(1, series["Bounced"].Sum());
        Assert.Equal(5, series["Submitted"][^1]);
        var reasons = await ChartDataAsync("bounce-reasons");
        Assert.Equal([1.0], reasons["Bounces"]);
        await Expect(page.Locator("canvas[data-chart=bounce-reasons]")).ToBeVisibleAsync();
        var providers = await ChartDataAsync("providers");
        Assert.Equal(5, providers["Delivered"].Sum());
        await Ui.ScreenshotAsync("51-analytics-light");

        // Marketing only: the charts change, and the URL keeps the filter through a reload.
        await page.Locator("[data-testid=filter-stream]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Marketing" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("stream=marketing"));
        await Eventually.ReturnsAsync(() => ChartDataAsync("series"), d => d["Submitted"].Sum() == 2);
        var marketing = await ChartDataAsync("series");
        Assert.Equal((2, 2, 0), (marketing["Submitted"].Sum(), marketing["Opened"].Sum(), marketing["Bounced"].Sum()));
        await Expect(page.Locator("[data-testid=reasons-empty]")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Ui.WaitForCircuitAsync();
        Assert.Equal(2, (await ChartDataAsync("series"))["Submitted"].Sum());
        await Expect(page.Locator("[data-testid=metric-submitted-value]")).ToHaveTextAsync("2");

        // A bar of the provider chart opens the messages behind it.
        var bar = await page.Locator("canvas[data-chart=providers]").EvaluateAsync<double[]>(
            "c => { const m = window.Chart.getChart(c).getDatasetMeta(0).data[0]; return [m.x, (m.y + m.base) / 2]; }");
        await page.Locator("canvas[data-chart=providers]").ClickAsync(new() { Position = new() { X = (float)bar[0], Y = (float)bar[1] } });
        await Expect(page).ToHaveURLAsync(new Regex("/messages\\?outcome=delivered.*stream=marketing"));
        await Expect(page.Locator("[data-testid=messages-table] tbody tr.mud-table-row")).ToHaveCountAsync(2);
        await Expect(page.Locator("[data-testid=messages-table]")).ToContainTextAsync("dee@example.test");
        await Ui.ScreenshotAsync("52-messages-from-a-bar");
        await page.Locator("[data-testid=messages-table] tbody tr.mud-table-row td[data-label=Subject]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=message-drawer] [data-event=Opened]")).ToBeVisibleAsync();
        await Ui.ScreenshotAsync("53-message-drawer");
        await page.Locator("[data-testid=message-drawer] [aria-label=Close]").ClickAsync();
        await Expect(page.Locator("[data-testid=message-drawer] [data-event=Opened]")).ToHaveCountAsync(0);

        // The export of that view holds the same two messages.
        var href = await page.Locator("[data-testid=messages-export]").GetAttributeAsync("href");
        var csv = await page.Context.APIRequest.GetAsync(new Uri(Address, href).ToString());
        Assert.Equal(200, csv.Status);
        var lines = (await csv.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,created_at,from,to", lines[0]);
        Assert.Equal(["dee@example.test", "eve@example.test"], lines.Skip(1).Select(l => l.Split(',')[3]).Order());

        // Dark theme for both pages.
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-pressed", "true");
        await Ui.OpenAsync("/analytics?range=24h");
        await ChartDataAsync("series");
        await Ui.ScreenshotAsync("54-analytics-dark");
        await Ui.OpenAsync("/");
        await ChartDataAsync("messages-per-hour");
        await Ui.ScreenshotAsync("55-overview-dark");
    }

    /// <summary>The data Chart.js drew on a canvas, by dataset label, once it has drawn.</summary>
    private async Task<Dictionary<string, double[]>> ChartDataAsync(string name)
    {
        var chart = Ui.Page.Locator($"canvas[data-chart={name}]");
        await Expect(chart).ToBeVisibleAsync();
        var data = await Eventually.ReturnsAsync(
            () => chart.EvaluateAsync<Dataset[]?>("c => window.Chart.getChart(c)?.data.datasets.map(d => ({ label: d.label, data: d.data })) ?? null"),
            d => d is not null);
        return data!.ToDictionary(d => d.Label, d => d.Data);
    }

    [GeneratedRegex("http://[^\"]+/o/[^\"]+\\.gif")]
    private static partial Regex Pixel();

    private sealed class Dataset
    {
        public string Label { get; set; } = "";

        public double[] Data { get; set; } = [];
    }
}
