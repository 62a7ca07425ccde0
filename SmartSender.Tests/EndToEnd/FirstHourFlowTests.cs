using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A newcomer's first hour on a fresh data folder, in Development as <c>dotnet run</c> starts it and with no relay
/// configured: setup, a <c>.test</c> domain verified through the development DNS, a template, a message composed and
/// sent, the message in the development inbox with a DKIM signature that verifies, and the curl command the new API
/// key's dialog shows, run as a user would paste it. Screenshots of each page, light and dark.
/// </summary>
[Collection(AppCollection.Name)]
public class FirstHourFlowTests : IAsyncLifetime
{
    private const string Email = "dev@newcomer.test";
    private const string Password = "Newcomer-Password-1";

    private readonly SmartSenderApp _app = new(kestrel: true) { WithSubmission = true };
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Uri _address = default!;

    public async Task InitializeAsync()
    {
        // As shipped: no relay, so the development inbox takes the mail.
        _app.Settings["Delivery:Relay:Host"] = null;
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
    public async Task Newcomer_VerifiesADevelopmentDomain_SendsAndSeesTheMessageInTheInbox()
    {
        var page = _ui.Page;

        // 1. The first administrator.
        await page.GotoAsync(_address.ToString());
        await Expect(page).ToHaveURLAsync(new Uri(_address, "/setup").ToString());
        await _ui.FillAsync("Email", Email);
        await page.Locator("#account-name").FillAsync("Shop Mail");
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await _ui.ScreenshotAsync("first-hour-01-setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        await _ui.WaitForCircuitAsync();

        // 2. A development domain, published to the development DNS and verified at once.
        await _ui.OpenAsync("/domains");
        await Expect(page.Locator("[data-testid=dns-mode]")).ToContainTextAsync("Development mode");
        await _ui.Field("domain-name").FillAsync("shop.test");
        await page.Locator("[data-testid=add-domain]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "shop.test" })).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("first-hour-02-domain-unverified");
        await page.Locator("[data-testid=dev-dns-publish]").ClickAsync();
        await Expect(page.Locator("[data-testid=domain-summary]")).ToContainTextAsync("shop.test can send");
        await _ui.ScreenshotAsync("first-hour-03-domain-verified");

        // 3. A template.
        await _ui.OpenAsync("/templates");
        await page.Locator("[data-testid=new-template]").ClickAsync();
        await _ui.Field("template-name").FillAsync("welcome");
        await _ui.Field("template-subject").FillAsync("Welcome, {{ name }}");
        await _ui.Field("template-html").FillAsync("<p>Hi {{ name }}, your account is ready.</p>");
        await _ui.Field("template-text").FillAsync("Hi {{ name }}, your account is ready.");
        await _ui.Field("template-sample").FillAsync("""{ "name": "Ann" }""");
        await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync("Welcome, Ann");
        await page.Locator("[data-testid=save-template]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "welcome" })).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("first-hour-04-template");

        // 4. Composed from the template and sent.
        await page.GetByRole(AriaRole.Link, new() { Name = "Compose with it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compose" })).ToBeVisibleAsync();
        await _ui.WaitForCircuitAsync();
        await _ui.Field("compose-to").FillAsync("ann@example.com");
        await _ui.Field("variable-name").FillAsync("Ann");
        await page.Locator("[data-testid=compose-preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync("Welcome, Ann");
        await _ui.ScreenshotAsync("first-hour-05-compose");
        await page.Locator("[data-testid=compose-send]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/messages/[0-9a-f-]{36}$"));
        var messageUrl = page.Url;

        // 5. In the development inbox, signed with a DKIM signature that verifies against the development DNS.
        await page.Locator("[data-testid=nav-inbox]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Development inbox" })).ToBeVisibleAsync();
        var item = page.Locator("[data-testid=inbox-item]", new() { HasText = "Welcome, Ann" });
        await Eventually.ReturnsAsync(async () =>
        {
            await page.Locator("[data-testid=inbox-refresh]").ClickAsync();
            return await item.CountAsync();
        }, count => count == 1, TimeSpan.FromSeconds(30));
        await item.ClickAsync();
        await Expect(page.Locator("[data-testid=inbox-dkim] [data-dkim=pass]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=inbox-dkim] [data-dkim=fail]")).ToHaveCountAsync(0);
        await Expect(page.FrameLocator("[data-testid=inbox-html]").GetByText("Hi Ann, your account is ready.")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("first-hour-06-inbox");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Headers" }).ClickAsync();
        await Expect(page.Locator("[data-testid=inbox-headers]")).ToContainTextAsync("DKIM-Signature");
        await page.Locator("[data-testid=inbox-timeline]").ClickAsync();
        await Expect(page).ToHaveURLAsync(messageUrl);
        await Expect(page.Locator("[data-event=Delivered]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("first-hour-07-timeline");

        // 6. An API key; its dialog shows a curl command that sends, pasted into a shell as it is.
        await _ui.OpenAsync("/account");
        await _ui.Field("api-key-name").FillAsync("My app");
        await page.Locator("[data-testid=create-api-key]").ClickAsync();
        var curl = await page.Locator("[data-testid=new-api-key-curl] [data-value]").InnerTextAsync();
        Assert.Contains("hello@shop.test", curl);
        await _ui.ScreenshotAsync("first-hour-08-api-key");
        Assert.StartsWith($"curl -X POST {_address}api/v1/messages ", curl);
        var (exitCode, output) = await ProgramRun.ShellAsync(curl + " --silent --show-error --fail-with-body");
        Assert.True(exitCode == 0, output);
        var accepted = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Queued", accepted.GetProperty("status").GetString());
        await page.Locator("[data-testid=close-api-key]").ClickAsync();

        // 7. The same key sends by SMTP, with the host, port and user name the SMTP card shows.
        var card = page.Locator("[data-testid=smtp-card]");
        await card.ScrollIntoViewIfNeededAsync();
        await _ui.ScreenshotAsync("first-hour-08b-smtp");
        var host = await card.Locator("[data-testid=smtp-host] [data-value]").InnerTextAsync();
        var port = int.Parse(await card.Locator("[data-testid=smtp-port] [data-value]").InnerTextAsync());
        var user = await card.Locator("[data-testid=smtp-user] [data-value]").InnerTextAsync();
        await Expect(card.Locator("[data-testid=smtp-self-signed]")).ToContainTextAsync("Development: the certificate is self-signed");
        using (var smtp = new MailKit.Net.Smtp.SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            await smtp.ConnectAsync(host, port, MailKit.Security.SecureSocketOptions.StartTls);
            await smtp.AuthenticateAsync(user, Regex.Match(curl, @"Bearer (ss_[A-Za-z0-9_-]+)").Groups[1].Value);
            var message = new MimeKit.MimeMessage { Subject = "Hello by SMTP" };
            message.From.Add(MimeKit.MailboxAddress.Parse("hello@shop.test"));
            message.To.Add(MimeKit.MailboxAddress.Parse("ann@example.com"));
            message.Body = new MimeKit.TextPart("plain") { Text = "It works too." };
            await smtp.SendAsync(message);
        }

        await Expect(page.GetByText("Account name: Shop Mail")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=close-account-operator]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=close-account]")).ToHaveCountAsync(0);

        await _ui.OpenAsync("/dev/inbox");
        await Eventually.ReturnsAsync(async () =>
        {
            await page.Locator("[data-testid=inbox-refresh]").ClickAsync();
            return await page.Locator("[data-testid=inbox-item]", new() { HasText = "Hello from SmartSender" }).CountAsync()
                + await page.Locator("[data-testid=inbox-item]", new() { HasText = "Hello by SMTP" }).CountAsync();
        }, count => count == 2, TimeSpan.FromSeconds(30));

        // The same pages in the dark theme.
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.Locator("[data-testid=inbox-item]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=inbox-dkim] [data-dkim=pass]")).ToBeVisibleAsync();
        await _ui.ScreenshotAsync("first-hour-09-inbox-dark");
        await _ui.OpenAsync("/domains");
        await _ui.ScreenshotAsync("first-hour-10-domains-dark");

        // Pages without a circuit follow the same choice, and the error page's way back is a visible button.
        await page.GotoAsync(new Uri(_address, "/no-such-page").ToString());
        await Expect(page.Locator("[data-testid=error-back]")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator(".auth-card")).ToHaveCSSAsync("background-color", "rgb(55, 55, 64)");
        await _ui.ScreenshotAsync("first-hour-11-not-found-dark");
        await page.Locator("[data-testid=error-back]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
    }
}
