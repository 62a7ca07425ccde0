using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>A scheduled message moved, and cancelled, from the Messages page's drawer, after a question that can be answered "Keep it".</summary>
[Collection(AppCollection.Name)]
public class MessageCancelFlowTests : SenderFlowTest
{
    [Fact]
    public async Task AnEditor_CancelsAScheduledMessage_FromTheDrawer()
    {
        var sent = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "later@example.test", subject = "Your reminder", text = "Hi", send_at = DateTimeOffset.UtcNow.AddHours(3) });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ui = Browser.Ui;
        var page = ui.Page;
        await ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await ui.OpenAsync("/messages");
        await page.Locator("[data-testid=messages-table] tbody tr.mud-table-row td[data-label=Subject]").First.ClickAsync();
        var drawer = page.Locator("[data-testid=message-drawer]");

        // Asked first; "Keep it" changes nothing.
        await drawer.Locator("[data-testid=message-cancel]").ClickAsync();
        await Expect(page.Locator("[data-testid=confirm-cancel]")).ToHaveTextAsync("Keep it");
        await ui.ScreenshotAsync("54-cancel-message-asked");
        await page.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(drawer.Locator("[data-testid=message-cancel]")).ToBeVisibleAsync();

        await drawer.Locator("[data-testid=message-cancel]").ClickAsync();
        await page.Locator("[data-testid=confirm-action]").ClickAsync();

        await Expect(drawer.Locator("[data-event=Cancelled]")).ToBeVisibleAsync();
        await Expect(drawer.Locator("[data-testid=message-cancel]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-testid=messages-table]")).ToContainTextAsync("Cancelled");
        await ui.ScreenshotAsync("55-message-cancelled");
        var view = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal("Cancelled", view.GetProperty("status").GetString());
        Assert.Contains(SmartSenderApp.AdminEmail, view.GetProperty("lastReply").GetString());
    }

    [Fact]
    public async Task AnEditor_MovesAScheduledMessage_FromTheDrawer_AndATimeInThePastIsRefused()
    {
        var sent = await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "later@example.test", subject = "Your reminder", text = "Hi", send_at = DateTimeOffset.UtcNow.AddHours(3) });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var ui = Browser.Ui;
        var page = ui.Page;
        await ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await ui.OpenAsync("/messages");
        await page.Locator("[data-testid=messages-table] tbody tr.mud-table-row td[data-label=Subject]").First.ClickAsync();
        var drawer = page.Locator("[data-testid=message-drawer]");

        await drawer.Locator("[data-testid=message-reschedule]").ClickAsync();
        var at = drawer.Locator("input[data-testid=reschedule-at]");
        await at.FillAsync(DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await drawer.Locator("[data-testid=reschedule-save]").ClickAsync();
        await Expect(drawer.Locator("[data-testid=reschedule-form]")).ToContainTextAsync("That time has passed");

        var wanted = DateTime.UtcNow.Date.AddDays(2).AddHours(9);
        await at.FillAsync(wanted.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await ui.ScreenshotAsync("56-reschedule-message");
        await drawer.Locator("[data-testid=reschedule-save]").ClickAsync();

        await Expect(drawer.Locator("[data-testid=reschedule-form]")).ToHaveCountAsync(0);
        await Expect(page.GetByText($"now due at {wanted:yyyy-MM-dd HH:mm} UTC")).ToBeVisibleAsync();
        var view = await Api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");
        Assert.Equal(wanted, view.GetProperty("sendAt").GetDateTime().ToUniversalTime());
    }
}
