using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web;

[Collection(AppCollection.Name)]
public class JobsDashboardTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();

    public async Task InitializeAsync() => await _app.CreateAdminAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Jobs_Anonymous_GoesToLogin()
    {
        using var browser = NewBrowser();

        var response = await browser.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Jobs_SignedInWithoutAdminRole_Is403()
    {
        await _app.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var browser = NewBrowser();
        await BrowserlessSignIn.SignInAsync(browser, "dev@customer.test", "Customer-Pass-1");

        var response = await browser.GetAsync("/jobs");
        var api = await browser.GetAsync("/jobs/api/stats");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }

    [Fact]
    public async Task AdminPages_SignedInWithoutAdminRole_AreANotAllowedPage()
    {
        await _app.CreateCustomerUserAsync("dev@customer.test", "Customer-Pass-1");
        using var browser = NewBrowser();
        await BrowserlessSignIn.SignInAsync(browser, "dev@customer.test", "Customer-Pass-1");

        var response = await browser.GetAsync("/admin/accounts");
        var ownPage = await browser.GetAsync("/messages");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Not allowed", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ownPage.StatusCode);
    }

    [Fact]
    public async Task Jobs_Admin_SeesTheHangfireDashboard()
    {
        using var browser = NewBrowser();
        await BrowserlessSignIn.SignInAsync(browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        var response = await browser.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("SmartSender jobs", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/jobs/stats")]
    [InlineData("/jobs/api/stats")]
    public async Task Jobs_Admin_GetsTheDashboardsOwnStatistics(string path)
    {
        using var browser = NewBrowser();
        await BrowserlessSignIn.SignInAsync(browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        var response = await browser.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed && response.Content.Headers.Allow.Contains("POST") || path.Contains("api") && response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound,
            $"{path}: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
    }

    private HttpClient NewBrowser() =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}
