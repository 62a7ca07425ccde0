using System.IO.Compression;
using MailKit.Net.Smtp;
using MimeKit;
using SmartSender.Tests.Dmarc;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// What the user sees of deliverability, in real Chromium: the domain's DMARC page empty, then filled by a report that
/// arrives at the inbound SMTP listener, with a stranger sending as the domain; and a sending IP listed on a blocklist
/// (a DNS server on 127.0.0.1 answering as one) on the IP pools page and the Overview.
/// </summary>
[Collection(AppCollection.Name)]
public class DeliverabilityFlowTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private BrowserSession _browser = default!;
    private DashboardPage _ui = default!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _app.Settings["Delivery:IpPools:Pools:shared:0:Address"] = "127.0.0.31";
        _app.Settings["Delivery:IpPools:Pools:shared:1:Address"] = "127.0.0.32";
        _app.Settings["Blocklists:SkipPrivateTargets"] = "false";
        _app.Settings["Blocklists:QueriesPerSecond"] = "1000";
        _app.Settings["Blocklists:RemoveListedIps"] = "true";
        _app.Settings["Blocklists:Lists:0:Zone"] = "zen.bl.test";
        var address = _app.StartKestrel();
        _account = (await _app.CreateAdminAsync()).Id;
        await _app.InboundStartedAsync();
        _browser = await BrowserSession.OpenAsync(address);
        _ui = _browser.Ui;
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task TheUser_ReadsTheDomainsDmarcReports_AndSeesWhoElseSendsAsIt()
    {
        var domain = await _app.VerifyDomainAsync(_account, "shop.test");
        _app.Dns.Add("10.113.0.203.in-addr.arpa", TestDnsRecord.Ptr("mail.spoofer.example"));
        var page = _ui.Page;
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        await _ui.OpenAsync($"/domains/{domain.Id}");
        await page.Locator("[data-testid=dmarc-link]").ClickAsync();
        await Expect(page.Locator("[data-testid=dmarc-empty]")).ToContainTextAsync("rua=mailto:dmarc@bounces.shop.test");
        await _ui.ScreenshotAsync("70-dmarc-empty");

        var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Optimal, leaveOpen: true))
        {
            compressor.Write(DmarcReportTests.RecentReport("shop.test"));
        }

        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", _app.InboundPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(AggregateReportXmlTests.WithAttachment(gzip.ToArray(), "application/gzip", "google.com!shop.test!1!2.xml.gz"),
                new MailboxAddress("", "noreply-dmarc-support@google.com"), [MailboxAddress.Parse("dmarc@bounces.shop.test")]);
            await smtp.DisconnectAsync(true);
        }

        await page.ReloadAsync();
        await _ui.WaitForCircuitAsync();
        await Expect(page.Locator("[data-testid=dmarc-messages]")).ToHaveTextAsync("48");
        await Expect(page.Locator("[data-testid=dmarc-warning][data-kind=unknown_source]")).ToContainTextAsync("203.0.113.10 (mail.spoofer.example) is not SmartSender and sent 5 messages as shop.test");
        await Expect(page.Locator("[data-testid=dmarc-warning][data-kind=own_mail_fails]")).ToContainTextAsync("3 of 43 messages SmartSender sent as shop.test");
        await Expect(page.Locator($"[data-testid=dmarc-source][data-ip='{SmartSenderApp.SendingIp}']")).ToContainTextAsync("SmartSender");
        await Expect(page.Locator("[data-testid=dmarc-source][data-ip='203.0.113.10']")).ToContainTextAsync("unknown");
        await _ui.ScreenshotAsync("71-dmarc-report");
    }

    [Fact]
    public async Task TheOperator_SeesAListedSendingIp_OnIpPoolsAndTheOverview()
    {
        _app.Dns.Add("31.0.0.127.zen.bl.test", TestDnsRecord.A("127.0.0.2"));
        var page = _ui.Page;
        await _ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        await _ui.OpenAsync("/admin/ip-pools");
        await Expect(page.Locator("[data-testid=blocklists-empty]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=check-blocklists]").ClickAsync();
        await Expect(page.Locator("[data-testid=listing][data-target='127.0.0.31'][data-list='Spamhaus ZEN']")).ToContainTextAsync("Listed: SBL: a spam source or spam operation (127.0.0.2)");
        await Expect(page.Locator("[data-testid=pool-ip][data-ip='127.0.0.31']")).ToContainTextAsync("out of rotation");
        await _ui.ScreenshotAsync("72-ip-pools-blocklisted");

        await _ui.OpenAsync("/");
        await Expect(page.Locator("[data-testid=overview-blocklist-alert]")).ToContainTextAsync("Sending IP 127.0.0.31 is listed on Spamhaus ZEN since");
        await Expect(page.Locator("[data-testid=overview-blocklist-alert]")).ToContainTextAsync("It is out of its pool until delisted");
        await _ui.ScreenshotAsync("73-overview-blocklisted");
    }
}
