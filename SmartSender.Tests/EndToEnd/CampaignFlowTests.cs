using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A marketer's first campaign, in real Chromium: a CSV of 50 contacts imported into a list (two bad rows reported,
/// nothing else refused), a campaign from a template that uses a contact field, sent to the SMTP sink (48 messages,
/// one recipient each, personalised, DKIM-signed, with a working List-Unsubscribe), one recipient unsubscribing with
/// the one-click POST, and the campaign's page counting it.
/// </summary>
[Collection(AppCollection.Name)]
public class CampaignFlowTests : SenderFlowTest
{
    private readonly TestFolder _folder = new("campaign-flow");

    public override async Task DisposeAsync()
    {
        _folder.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ImportFiftyContacts_SendACampaign_OneUnsubscribes_AndThePageCountsIt()
    {
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsJsonAsync("/api/v1/suppressions", new { address = "gone7@example.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsJsonAsync("/api/v1/templates", new
        {
            name = "spring",
            subject = "Spring in {{ city }}, {{ name }}",
            html = "<p>Hello {{ name }}, {{ orders }} orders so far.</p><p><a href=\"https://shop.example/sale\">The sale</a></p>",
        })).StatusCode);
        var csv = new StringBuilder("email,name,city,orders\r\n");
        for (var i = 1; i <= 50; i++)
        {
            csv.Append(i switch
            {
                7 => "gone7@example.test,Gone Seven,Lyon,3\r\n",
                23 => "not-an-address,Broken,Paris,1\r\n",
                _ => $"person{i}@example.test,Person {i},City {i},{i}\r\n",
            });
        }

        var file = Path.Combine(_folder.Path, "contacts.csv");
        await File.WriteAllTextAsync(file, csv.ToString());
        var page = Ui.Page;
        await Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        // The list, then the import: mapping, check, import.
        await Ui.OpenAsync("/contacts");
        await Expect(page.Locator("[data-testid=lists-empty]")).ToBeVisibleAsync();
        await Ui.Field("new-list").FillAsync("Newsletter");
        await page.Locator("[data-testid=create-list]").ClickAsync();
        await Expect(page.Locator("[data-testid=list][data-list=Newsletter]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=import-contacts]").ClickAsync();
        await Ui.WaitForCircuitAsync();
        await page.Locator("input[type=file]").SetInputFilesAsync(file);
        await Expect(page.Locator("[data-testid=import-sample-row]")).ToHaveCountAsync(5);
        await page.Locator("[data-testid=import-check]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-summary]")).ToHaveTextAsync("50 rows: 48 to import, 2 not imported.");
        await Expect(page.Locator("[data-testid=bad-row][data-line='8']")).ToContainTextAsync("the address is suppressed");
        await Expect(page.Locator("[data-testid=bad-row][data-line='24']")).ToContainTextAsync("\"not-an-address\" is not an email address");
        await Ui.ScreenshotAsync("80-contacts-import-checked");
        await page.Locator("[data-testid=import-run]").ClickAsync();
        await Expect(page.Locator("[data-testid=import-done]")).ToContainTextAsync("Imported 48 contacts into Newsletter: 48 new, 0 updated; 2 rows not imported.");
        await Ui.ScreenshotAsync("81-contacts-imported");

        // The campaign: drafted with the first template and list, checked, sent.
        await Ui.OpenAsync("/campaigns");
        await Expect(page.Locator("[data-testid=campaigns-empty]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=new-campaign]").ClickAsync();
        await Ui.WaitForCircuitAsync();
        await Ui.Field("campaign-name").FillAsync("Spring sale");
        await Ui.Field("campaign-from").FillAsync("Shop <news@shop.test>");
        await page.Locator("[data-testid=campaign-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=campaign-audience]")).ToContainTextAsync("Goes to 48 contacts");
        await page.Locator("[data-testid=campaign-preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=preview-subject]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Spring in City \d+, Person \d+$"));
        await Expect(page.Locator("[data-testid=preview-review]")).ToContainTextAsync("Content review: score");
        await Ui.ScreenshotAsync("82-campaign-draft");
        await page.Locator("[data-testid=campaign-send]").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        var received = new List<MimeKit.MimeMessage>();
        for (var i = 0; i < 48; i++)
        {
            received.Add(await App.Smtp.NextAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.All(received, m =>
        {
            var to = Assert.Single(m.To.Mailboxes);
            var number = to.Address["person".Length..to.Address.IndexOf('@')];
            Assert.Equal($"Spring in City {number}, Person {number}", m.Subject);
            Assert.Contains($"{number} orders so far", m.HtmlBody);
            Assert.Contains("d=shop.test", m.Headers[MimeKit.HeaderId.DkimSignature]);
            Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]);
        });
        Assert.Equal(48, received.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.DoesNotContain(received, m => m.To.Mailboxes.Single().Address == "gone7@example.test");

        // One recipient unsubscribes with the one-click POST its mail client makes (RFC 8058).
        var leaving = received.First(m => m.To.Mailboxes.Single().Address == "person12@example.test");
        var unsubscribe = new Uri(System.Text.RegularExpressions.Regex.Match(leaving.Headers["List-Unsubscribe"] ?? "", "<(https?://[^>]+)>").Groups[1].Value);
        using (var http = new HttpClient())
        {
            var posted = await http.PostAsync(new Uri(Address, unsubscribe.PathAndQuery), new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"));
            Assert.True(posted.IsSuccessStatusCode, $"{(int)posted.StatusCode}");
        }

        var campaign = await App.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync());
        await Eventually.ReturnsAsync(async () => (await Api.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign.Id}")).GetProperty("figures").GetProperty("delivered").GetInt64(), n => n == 48);
        await Ui.OpenAsync($"/campaigns/{campaign.Id}");
        await Expect(page.Locator("[data-testid=campaign-figure][data-figure=delivered] [data-testid=figure-value]")).ToHaveTextAsync("48");
        await Expect(page.Locator("[data-testid=campaign-figure][data-figure=unsubscribed] [data-testid=figure-value]")).ToHaveTextAsync("1");
        await Ui.ScreenshotAsync("83-campaign-sent");

        // Each number leads to the messages behind it, in the message log.
        await page.Locator("[data-testid=campaign-figure][data-figure=unsubscribed]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("outcome=unsubscribed"));
        await Expect(page.Locator("[data-testid=messages-table] tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-testid=messages-table] tbody tr")).ToContainTextAsync("person12@example.test");

        // Unsubscribed from that list, not from everything.
        var contacts = await Api.GetFromJsonAsync<JsonElement>("/api/v1/contacts?search=person12@");
        Assert.Equal("unsubscribed", contacts.GetProperty("items")[0].GetProperty("lists")[0].GetProperty("status").GetString());
        Assert.Equal(0, await App.WithDbAsync(db => db.Suppressions.CountAsync(s => s.Address == "person12@example.test")));
        await Ui.OpenAsync("/contacts");
        await Ui.Field("contact-search").FillAsync("person12@");
        await Expect(page.Locator("[data-testid=membership][data-status=Unsubscribed]")).ToContainTextAsync("Newsletter · unsubscribed");
        await Ui.ScreenshotAsync("84-contacts-unsubscribed");
    }
}
