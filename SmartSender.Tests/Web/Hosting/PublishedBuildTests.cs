using System.Net;
using SmartSender.Tests.EndToEnd;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.Web.Hosting;

/// <summary>
/// <c>dotnet publish</c> as docs/operations.md runs it: the output folder, copied nowhere near the repository, runs on its
/// own in Production: its command makes the first administrator, the program serves the dashboard with its scripts and
/// styles, a browser signs in, and health answers ready.
/// </summary>
[Collection(AppCollection.Name)]
public partial class PublishedBuildTests : IDisposable
{
    private readonly TestFolder _published = new("published");
    private readonly TestFolder _data = new("published-data");

    public void Dispose()
    {
        _published.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ThePublishedFolder_RunsOnItsOwn_AndABrowserSignsIn()
    {
        var root = AppProcess.ProgramPath()[..AppProcess.ProgramPath().IndexOf("/SmartSender.Web/", StringComparison.Ordinal)];
        var publish = await ProgramRun.RunToExitAsync(new System.Diagnostics.ProcessStartInfo("dotnet",
            ["publish", Path.Combine(root, "SmartSender.Web", "SmartSender.Web.csproj"), "-c", "Release", "-o", _published.Path, "--nologo", "-v", "q"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        }, TimeSpan.FromMinutes(8));
        Assert.True(publish.ExitCode == 0, publish.Output + publish.Error);
        var program = Path.Combine(_published.Path, "SmartSender.Web.dll");
        Assert.True(File.Exists(Path.Combine(_published.Path, "appsettings.json")), "the operator's appsettings.json is published beside the program");

        var environment = new Dictionary<string, string> { ["Database__DataDirectory"] = _data.Path, ["Delivery__Relay__Host"] = "127.0.0.1" };
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [program, "create-admin", "--email", SmartSenderApp.AdminEmail, "--password", SmartSenderApp.AdminPassword])
        {
            WorkingDirectory = _published.Path, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var created = await ProgramRun.RunToExitAsync(start);
        Assert.True(created.ExitCode == 0, created.Output + created.Error);

        using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["Database:DataDirectory"] = _data.Path }, program);
        using (var http = new HttpClient { BaseAddress = app.Address })
        {
            var page = await http.GetStringAsync("/login");
            var assets = AssetReference().Matches(page).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.True(assets.Count >= 3, string.Join(", ", assets));
            foreach (var asset in assets)
            {
                Assert.True((await http.GetAsync(asset)).StatusCode == HttpStatusCode.OK, $"{asset} is not served by the published build");
            }
        }

        await using var browser = await BrowserSession.OpenAsync(app.Address);
        await browser.Ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        await Expect(browser.Ui.Page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await browser.Ui.ScreenshotAsync("90-published-build-overview");
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?:href|src)=\"(/?(?:_content|_framework|lib|js|css|[A-Za-z0-9.-]+\\.css)[^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex AssetReference();
}
