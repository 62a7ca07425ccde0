using Microsoft.Playwright;

namespace SmartSender.Tests.EndToEnd;

/// <summary>Navigation and screenshots for the browser tests, written as a user would act.</summary>
public class DashboardPage(IPage page, Uri baseAddress, string screenshotFolder)
{
    public IPage Page { get; } = page;

    /// <summary>Opens a dashboard page and waits until its circuit is live, so clicks reach the server.</summary>
    public async Task OpenAsync(string path)
    {
        await Page.GotoAsync(new Uri(baseAddress, path).ToString());
        await WaitForCircuitAsync();
    }

    public Task WaitForCircuitAsync() =>
        Page.Locator("[data-circuit=on]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 20_000 });

    /// <summary>
    /// Takes a screenshot, and reads the page's text as a proofreader would: no sentence runs into the next without
    /// a space ("sent.The"), and no full stop is doubled (an error message ending in one, quoted before another).
    /// </summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(screenshotFolder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshotFolder, $"{name}.png"), FullPage = true });
        var text = await Page.Locator("body").InnerTextAsync();
        Assert.Empty(Proofread.Faults(text));
    }

    /// <summary>Signs in on the login page and waits for the dashboard to become interactive.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await Page.GotoAsync(new Uri(baseAddress, "/login").ToString());
        await FillAsync("Email", email);
        await Page.Locator("#password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await WaitForCircuitAsync();
    }

    public async Task FillAsync(string label, string value) => await Page.GetByLabel(label, new PageGetByLabelOptions { Exact = true }).FillAsync(value);

    /// <summary>A text field by its data-testid, whether the attribute sits on the input or on the component around it.</summary>
    public ILocator Field(string testId) =>
        Page.Locator($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea").First;
}
