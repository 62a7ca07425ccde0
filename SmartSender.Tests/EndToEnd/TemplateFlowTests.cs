using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A user writes a template with variables in real Chromium, previews it with sample data, sends a test, composes a
/// marketing message from it, and sends it from the API too; each mail that reaches the SMTP server on 127.0.0.1 is
/// what the preview showed.
/// </summary>
[Collection(AppCollection.Name)]
public class TemplateFlowTests : IAsyncLifetime
{
    private const string Html = """
        <html><head><style>.greeting { color: #3f51b5; }</style></head>
        <body>
        <p class="greeting">Hi {{ name }},</p>
        <p>Your plan: {{ plan }}</p>
        </body></html>
        """;

    private readonly SmartSenderApp _app = new(kestrel: true);
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Uri _address = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _address = _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(_accountId, "shop.test");

        // This flow compares the sent HTML with the preview byte for byte; tracked links and the pixel have their own tests.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Core.Accounts.AccountSettings>().SaveTrackingAsync(_accountId, new Core.Accounts.TrackingSettings(false, false, false, false, false));
        }

        _browser = await BrowserSession.OpenAsync(_address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task User_WritesATemplate_PreviewsIt_SendsATest_ComposesAndSends_AndTheMailIsThePreview()
    {
        var page = _ui.Page;
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        // The postal address printed in marketing footers.
        await _ui.OpenAsync("/account");
        await _ui.Field("postal-address").FillAsync("Shop Ltd\n1 Market Street");
        await page.Locator("[data-testid=save-settings]").ClickAsync();
        await Expect(page.GetByText("Settings saved.")).ToBeVisibleAsync();

        await _ui.OpenAsync("/templates");
        await Expect(page.Locator("[data-testid=templates-empty]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("30-templates-empty");
        await page.Locator("[data-testid=new-template]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New template" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);

        await _ui.Field("template-name").FillAsync("welcome");
        await Expect(page.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await _ui.Field("template-subject").FillAsync("Welcome, {{ name }}");
        await _ui.Field("template-text").FillAsync("");
        await _ui.Field("template-sample").FillAsync("""{ "name": "Ann" }""");

        // A syntax error is shown at its line, with the line itself.
        await _ui.Field("template-html").FillAsync("<p>Hi {{ name }}</p>\n<p>\nPlan: {{ plan | }}\n</p>");
        var htmlError = page.GetByText("Line 3:", new() { Exact = false }).First;
        await Expect(htmlError).ToContainTextAsync("An identifier was expected after the '|' sign — Plan: {{ plan | }}");
        await _ui.ScreenshotAsync("31-template-syntax-error");

        // The variables come from the syntax; one the sample lacks is marked and stops the preview.
        await _ui.Field("template-html").FillAsync(Html);
        await Expect(page.Locator("[data-testid=variable]")).ToHaveTextAsync(["name", "plan"]);
        await Expect(page.Locator("[data-testid=preview-errors]")).ToContainTextAsync("plan");
        await _ui.Field("template-sample").FillAsync("""{ "name": "Ann <3", "plan": "Pro" }""");
        await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync("Welcome, Ann <3");
        var frame = page.Locator("[data-testid=preview-html]");
        await Expect(frame).ToHaveAttributeAsync("srcdoc", new System.Text.RegularExpressions.Regex("""<p class="greeting" style="color: #3f51b5;?">Hi Ann &lt;3,</p>"""));
        await Expect(page.FrameLocator("[data-testid=preview-html]").GetByText("Your plan: Pro")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Text" }).ClickAsync();
        await Expect(page.Locator("[data-testid=preview-text]")).ToContainTextAsync("Hi Ann <3,");
        await _ui.ScreenshotAsync("32-template-preview");

        await page.Locator("[data-testid=save-template]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "welcome" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=template-version]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=unsaved]")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Tab, new() { Name = "HTML" }).ClickAsync();
        var previewHtml = await frame.GetAttributeAsync("srcdoc");

        // Send a test of the preview to the user's own address.
        await Expect(_ui.Field("test-to")).ToHaveValueAsync(SmartSenderApp.AdminEmail);
        await page.Locator("[data-testid=send-test]").ScrollIntoViewIfNeededAsync();
        await page.Locator("[data-testid=send-test]").ClickAsync();
        await Expect(page.Locator("[data-testid=test-send-result]")).ToContainTextAsync("Queued");
        var test = await _app.Smtp.NextAsync();
        Assert.Equal("Welcome, Ann <3", test.Subject);
        Assert.Equal(Lines(previewHtml), Lines(test.HtmlBody));
        await _ui.ScreenshotAsync("33-template-saved");

        // A second version; the first stays in the history.
        await _ui.Field("template-subject").FillAsync("Welcome aboard, {{ name }}");
        await Expect(page.Locator("[data-testid=unsaved]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=save-template]").ClickAsync();
        await Expect(page.Locator("[data-testid=template-version]")).ToHaveCountAsync(2);

        // Compose a marketing message from it, with the variables typed into the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Compose with it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compose" })).ToBeVisibleAsync();
        await _ui.WaitForCircuitAsync();
        await _ui.Field("compose-to").FillAsync("ann@example.test, ben@example.test");
        await _ui.Field("variable-name").FillAsync("Ben");
        await page.Locator("[data-testid=compose-preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=compose-errors]")).ToContainTextAsync("SmartSender sends to one recipient at a time");
        await Expect(page.Locator("[data-testid=compose-errors]")).ToContainTextAsync("plan");
        await _ui.ScreenshotAsync("34-compose-errors");

        await _ui.Field("compose-to").FillAsync("ben@example.test");
        await _ui.Field("variable-plan").FillAsync("Team");
        await page.GetByText("Marketing", new() { Exact = true }).ClickAsync();
        await page.Locator("[data-testid=compose-preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync("Welcome aboard, Ben");
        var composedFrame = page.FrameLocator("[data-testid=preview-html]");
        await Expect(composedFrame.GetByText("1 Market Street")).ToBeVisibleAsync();
        await Expect(composedFrame.GetByRole(AriaRole.Link, new() { Name = "Unsubscribe" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("/u/preview$"));
        var composedHtml = await page.Locator("[data-testid=preview-html]").GetAttributeAsync("srcdoc");
        await _ui.ScreenshotAsync("35-compose-preview");

        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/messages/[0-9a-f-]{36}$"));
        var sent = await _app.Smtp.NextAsync();
        var token = await _app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Messages, m => m.To == "ben@example.test"));
        Assert.Equal("Welcome aboard, Ben", sent.Subject);
        Assert.Equal(Lines(composedHtml!.Replace("/u/preview", $"/u/{token.Token}")), Lines(sent.HtmlBody));
        Assert.Contains($"/u/{token.Token}>", sent.Headers["List-Unsubscribe"]);
        await _ui.ScreenshotAsync("36-composed-message");

        // The same template from one API request.
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        var response = await api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "hello@shop.test",
            to = "cy@example.test",
            template = "welcome",
            variables = new { name = "Ann <3", plan = "Pro" },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var fromApi = await _app.Smtp.NextAsync();
        Assert.Equal(Lines(previewHtml), Lines(fromApi.HtmlBody));
    }

    /// <summary>Mail travels with CRLF line ends; the preview has the template's own.</summary>
    private static string Lines(string? html) => (html ?? "").ReplaceLineEndings("\n").TrimEnd();
}
