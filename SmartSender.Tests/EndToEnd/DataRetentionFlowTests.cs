using System.Net.Http.Json;
using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.EndToEnd;

/// <summary>
/// On the Account page an owner shortens the account's content retention, then erases a recipient who asked to be
/// forgotten (after a question that can be answered "Cancel"); the message's drawer then says its content is gone.
/// </summary>
[Collection(AppCollection.Name)]
public class DataRetentionFlowTests : SenderFlowTest
{
    [Fact]
    public async Task AnOwner_SetsRetention_ErasesARecipient_AndTheDrawerSaysTheContentIsGone()
    {
        await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "erin@example.test", subject = "Your order", text = "Hi Erin" });
        await Eventually.ReturnsAsync(() => Task.FromResult(App.Smtp.Count), n => n == 1);
        var ui = Browser.Ui;
        var page = ui.Page;
        await ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await ui.OpenAsync("/account");
        var card = page.Locator("[data-testid=data-retention]");
        await Expect(card).ToContainTextAsync("the installation's default, 30 days");

        await ui.Field("retention-days").FillAsync("14");
        await card.Locator("[data-testid=save-retention]").ClickAsync();
        await Expect(page.GetByText("Retention saved.")).ToBeVisibleAsync();
        await ui.OpenAsync("/account");
        await Expect(ui.Field("retention-days")).ToHaveValueAsync("14");

        await ui.Field("erase-address").FillAsync("erin@example.test");
        await card.Locator("[data-testid=erase-recipient]").ClickAsync();
        await Expect(page.GetByText("Erase erin@example.test?")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("80-erase-asked");
        await page.Locator("[data-testid=confirm-cancel]").ClickAsync();
        await Expect(card.Locator("[data-testid=erased]")).ToHaveCountAsync(0);

        await card.Locator("[data-testid=erase-recipient]").ClickAsync();
        await page.Locator("[data-testid=confirm-action]").ClickAsync();
        await Expect(card.Locator("[data-testid=erased]")).ToContainTextAsync("Erased: 1 message(s)");
        await ui.ScreenshotAsync("81-erased");

        await ui.OpenAsync("/messages");
        await Expect(page.Locator("[data-testid=messages-table]")).ToContainTextAsync("erased recipient (");
        await Expect(page.Locator("[data-testid=messages-table]")).Not.ToContainTextAsync("erin@example.test");
        await page.Locator("[data-testid=messages-table] tbody tr.mud-table-row td[data-label=Subject]").First.ClickAsync();
        await Expect(page.Locator("[data-testid=message-drawer] [data-testid=content-removed]")).ToContainTextAsync("Its content was removed on");
        await ui.ScreenshotAsync("82-content-removed");
    }
}
