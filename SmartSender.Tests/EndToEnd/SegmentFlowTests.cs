using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// A marketer's segment, in real Chromium: a topic made on the Contacts page, a segment built condition by condition
/// on a custom field, counted before it is saved (a suppressed address counted apart), a bad condition refused
/// beside it, the segment listed, and deleted after a confirmation.
/// </summary>
[Collection(AppCollection.Name)]
public class SegmentFlowTests : SenderFlowTest
{
    protected override bool WithSendingDomain => false;

    [Fact]
    public async Task BuildASegment_CountWhomItSelects_SaveIt_AndDeleteIt()
    {
        var list = (await (await Api.PostAsJsonAsync("/api/v1/lists", new { name = "Customers" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsJsonAsync("/api/v1/contact-fields", new { name = "plan", type = "text" })).StatusCode);
        foreach (var (name, plan) in new[] { ("ann", "pro"), ("bob", "free"), ("cy", "pro"), ("dee", "pro") })
        {
            Assert.Equal(HttpStatusCode.OK, (await Api.PostAsJsonAsync("/api/v1/contacts", new { email = $"{name}@example.test", fields = new { plan }, list_ids = new[] { list } })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsJsonAsync("/api/v1/suppressions", new { address = "dee@example.test" })).StatusCode);
        var page = Ui.Page;
        await Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        // A topic everyone gets until they leave, made beside the lists.
        await Ui.OpenAsync("/contacts");
        await Expect(page.Locator("[data-testid=topics-empty]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=suppressed]")).ToContainTextAsync("suppressed · manual");
        await Ui.Field("new-topic").FillAsync("Product news");
        await page.Locator("[data-testid=create-topic]").ClickAsync();
        await Expect(page.Locator("[data-testid=topic][data-topic='Product news']")).ToContainTextAsync("everyone unless they leave");

        // The segment: one condition on the plan field, counted before it is saved.
        await page.Locator("[data-testid=new-segment]").ClickAsync();
        await Ui.WaitForCircuitAsync();
        await Ui.Field("segment-name").FillAsync("Pro customers");
        await page.Locator("[data-testid=add-condition]").ClickAsync();
        await Choose(page.Locator("[data-testid=condition-field]").First, "plan (text)");
        await Choose(page.Locator("[data-testid=condition-op]").First, "equals");
        await Ui.Field("condition-value").FillAsync("pro");
        await page.Locator("[data-testid=segment-preview]").ClickAsync();
        await Expect(page.Locator("[data-testid=segment-count]")).ToContainTextAsync("2 contacts get its mail (3 selected, 1 suppressed)");
        await Expect(page.Locator("[data-testid=segment-first]")).ToHaveTextAsync("First: ann@example.test, cy@example.test");
        await Ui.ScreenshotAsync("85-segment-preview");
        await page.Locator("[data-testid=segment-save]").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/contacts/segments/[0-9a-f-]{36}$"));

        // A date condition whose value is not a date is refused beside it, and nothing changes.
        await page.Locator("[data-testid=add-condition]").ClickAsync();
        await Choose(page.Locator("[data-testid=condition-field]").Nth(1), "Date added");
        await Choose(page.Locator("[data-testid=condition-op]").Nth(1), "is before");
        await page.Locator("input[data-testid=condition-value]").Nth(1).FillAsync("last week");
        await page.Locator("[data-testid=segment-save]").ClickAsync();
        await Expect(page.Locator("[data-testid=segment-condition]").Nth(1)).ToContainTextAsync("\"last week\" is not a date (yyyy-MM-dd)");
        await Ui.ScreenshotAsync("86-segment-bad-condition");
        var saved = await Api.GetFromJsonAsync<JsonElement>("/api/v1/segments");
        Assert.Equal(1, saved[0].GetProperty("conditions").GetArrayLength());

        // Listed on the Contacts page; deleted after a confirmation.
        await Ui.OpenAsync("/contacts");
        await Expect(page.Locator("[data-testid=segment]")).ToContainTextAsync("Pro customers");
        await page.Locator("[data-testid=segment] a").ClickAsync();
        await Ui.WaitForCircuitAsync();
        await page.Locator("[data-testid=segment-delete]").ClickAsync();
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        await Expect(page.Locator("[data-testid=segments-empty]")).ToBeVisibleAsync();
        Assert.Equal(0, (await Api.GetFromJsonAsync<JsonElement>("/api/v1/segments")).GetArrayLength());
    }

    private async Task Choose(ILocator select, string option)
    {
        await select.ClickAsync();
        await Ui.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).First.ClickAsync();
    }
}
