using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartSender.Core.Accounts;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A new operator's first session in real Chromium against the real app: set up, sign in, create a key,
/// send through the API, watch the message turn Sent, and see it in the Overview chart.
/// Screenshots of each page land in the test output folder under screenshots/.
/// </summary>
[Collection(AppCollection.Name)]
public class FirstMessageFlowTests : IAsyncLifetime
{
    private const string Email = "owner@operator.test";
    private const string Password = "Owner-Password-1";

    private readonly SmartSenderApp _app = new(kestrel: true);
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Uri _address = default!;

    public async Task InitializeAsync()
    {
        _address = _app.StartKestrel();
        _browser = await BrowserSession.OpenAsync(_address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task NewOperator_SetsUpSendsAMessageAndSeesItDeliveredAndCharted()
    {
        var page = _ui.Page;

        // A fresh installation asks for the first administrator, whatever page is opened.
        await page.GotoAsync(new Uri(_address, "/messages").ToString());
        await Expect(page).ToHaveURLAsync(new Uri(_address, "/setup").ToString());
        await _ui.ScreenshotAsync("01-setup");
        await _ui.FillAsync("Email", Email);
        await page.Locator("#account-name").FillAsync("Shop Mail");
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();

        await _ui.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=overview-empty]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("02-overview-empty");

        // Sign out and back in.
        await page.GetByLabel("User menu").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(_address, "/login").ToString());
        await _ui.FillAsync("Email", Email);
        await page.Locator("#password").FillAsync("Not-the-password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[data-testid=login-error]")).ToContainTextAsync("wrong");
        await _ui.ScreenshotAsync("03-login-error");
        await page.Locator("#password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await _ui.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        // An API key, created in the browser and shown once.
        await _ui.OpenAsync("/account");
        await Expect(page.Locator("[data-testid=api-keys-empty]")).ToBeVisibleAsync();
        await page.GetByLabel("Key name").FillAsync("Web shop");
        await page.Locator("[data-testid=create-api-key]").ClickAsync();
        var keyField = page.Locator("input[data-testid=new-api-key], [data-testid=new-api-key] input").First;
        await Expect(keyField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ss_.{43}$"));
        var key = await keyField.InputValueAsync();
        await _ui.ScreenshotAsync("04-api-key-created");
        await page.Locator("[data-testid=close-api-key]").ClickAsync();
        await Expect(page.Locator("[data-testid=api-keys]")).ToContainTextAsync("Web shop");
        await Expect(page.Locator("[data-testid=api-keys]")).Not.ToContainTextAsync(key);
        await _ui.ScreenshotAsync("05-account");

        // A program sends with the key from a verified domain; the relay on 127.0.0.1 receives it.
        var operatorAccount = await _app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Accounts));
        await _app.VerifyDomainAsync(operatorAccount.Id, "shop.test");
        using var api = _app.CreateApiClient(key);
        var response = await api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "Shop <orders@shop.test>",
            to = "ann@example.test",
            subject = "Welcome to the shop",
            text = "Hello Ann",
            html = "<p>Hello <b>Ann</b></p>",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("Welcome to the shop", (await _app.Smtp.NextAsync()).Subject);

        // The Messages page shows it Sent (it refreshes by itself while anything is queued).
        await _ui.OpenAsync("/messages");
        var row = page.Locator("tr.mud-table-row", new() { HasText = "ann@example.test" });
        await Expect(row.Locator("[data-status=Delivered]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("06-messages");

        await row.GetByRole(AriaRole.Link, new() { Name = "ann@example.test" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(_address, $"/messages/{id}").ToString());
        await Expect(page.Locator("[data-event=Delivered]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=last-reply]")).ToContainTextAsync("250");
        await _ui.ScreenshotAsync("07-message-detail");

        // The Overview chart draws that message in the current hour.
        await _ui.OpenAsync("/");
        var chart = page.Locator("canvas[data-chart=messages-per-hour]");
        await Expect(chart).ToBeVisibleAsync();
        var data = await Eventually.ReturnsAsync(
            () => chart.EvaluateAsync<double[]?>("c => window.Chart.getChart(c)?.data.datasets[0].data ?? null"),
            d => d is not null);
        Assert.NotNull(data);
        Assert.Equal(24, data.Length);
        Assert.Equal(1, data.Sum());
        Assert.Equal(1, data[^1]);
        await Expect(page.Locator("[data-testid='metric-24h-submitted-value']")).ToHaveTextAsync("1");
        await _ui.ScreenshotAsync("08-overview-chart");

        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-pressed", "true");
        await _ui.ScreenshotAsync("09-overview-dark");
        await _ui.OpenAsync("/messages");
        await Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-pressed", "true");

        // Revoking the key asks first, and the next request with it is refused.
        await _ui.OpenAsync("/account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(page.GetByText("Revoke this key?")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("10-revoke-confirm");
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        await Expect(page.Locator("[data-testid=api-keys]")).ToContainTextAsync("Revoked");
        var refused = await api.PostAsJsonAsync("/api/v1/messages", new { from = "a@shop.test", to = "b@example.test", subject = "s", text = "t" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // The account's audit log has the sign-in and both key actions, with the address they came from.
        await _ui.OpenAsync("/audit");
        var log = page.Locator("[data-testid=audit-log]");
        await Expect(log.Locator("td[data-action='api_key.revoked']")).ToHaveCountAsync(1);
        await Expect(log.Locator("td[data-action='api_key.created']")).ToHaveCountAsync(1);
        await Expect(log.Locator("td[data-action='sign_in']").First).ToBeVisibleAsync();
        await Expect(log.Locator("tbody tr").First).ToContainTextAsync("127.0.0.1");
        await _ui.ScreenshotAsync("14-audit-log");

        // The Admin's list of accounts holds the operator's own; the jobs dashboard opens for the admin.
        await _ui.OpenAsync("/admin/accounts");
        await Expect(page.Locator("[data-testid=accounts]")).ToContainTextAsync("Shop Mail");
        await page.GotoAsync(new Uri(_address, "/api/docs/index.html").ToString());
        await Expect(page.GetByText("Send one message").First).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("13-api-reference");
        await page.GotoAsync(new Uri(_address, "/jobs").ToString());
        await Expect(page.Locator("body")).ToContainTextAsync("SmartSender jobs");
        await _ui.ScreenshotAsync("12-jobs");
    }
}
