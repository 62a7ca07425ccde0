using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web;

[Collection(AppCollection.Name)]
public class SetupAndSignInTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _browser = default!;

    public Task InitializeAsync()
    {
        _browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FreshDatabase_EveryPageLeadsToSetup_AndTheApiSaysSo()
    {
        var page = await _browser.GetAsync("/messages");
        var api = await _browser.PostAsync("/api/v1/messages", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/setup", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("not set up", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Setup_CreatesTheAdminInTheAccountNamed_SignsInAndThenIsGoneForGood()
    {
        var created = await BrowserlessSignIn.SetUpAsync(_browser, "first@operator.test", "First-Admin-1", "Acme Mail");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var account = await _app.WithDbAsync(db => db.Accounts.SingleAsync());
        Assert.Equal(("Acme Mail", true), (account.Name, account.IsOperator));
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/")).StatusCode);

        using var stranger = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var again = await stranger.GetAsync("/setup");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("/login", again.Headers.Location?.OriginalString);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Setup_WithMismatchedPasswords_ShowsTheErrorAndCreatesNobody()
    {
        var response = await BrowserlessSignIn.PostFormAsync(_browser, "/setup", "setup", new()
        {
            ["Input.Email"] = "first@operator.test",
            ["Input.AccountName"] = "Acme Mail",
            ["Input.Password"] = "First-Admin-1",
            ["Input.ConfirmPassword"] = "Something-else-2",
        });

        Assert.Contains("The two passwords differ.", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Pages_WithoutSignIn_RedirectToLogin()
    {
        await _app.CreateAdminAsync();

        var response = await _browser.GetAsync("/messages");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/login", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task SignIn_WithTheRightPassword_OpensTheDashboard()
    {
        await _app.CreateAdminAsync();

        var response = await BrowserlessSignIn.SignInAsync(_browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _browser.GetAsync("/messages")).StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_IsSlowedNotLockedOut_AndSaysHowLongToWait()
    {
        await _app.CreateAdminAsync();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await BrowserlessSignIn.SignInAsync(_browser, SmartSenderApp.AdminEmail, "Wrong-password-9");
            var page = await wrong.Content.ReadAsStringAsync();
            Assert.Contains("The email or the password is wrong.", page);
            Assert.DoesNotContain("Wrong-password-9", page);
        }

        var right = await BrowserlessSignIn.SignInAsync(_browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var answer = await right.Content.ReadAsStringAsync();
        Assert.Contains("Too many failed attempts. Wait", answer);
        Assert.DoesNotContain("locked", answer);
        Assert.Null(await _app.WithDbAsync(db => db.Users.Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task UnknownAddress_SignedIn_ShowsANotFoundPage()
    {
        await _app.CreateAdminAsync();
        await BrowserlessSignIn.SignInAsync(_browser, SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);

        var response = await _browser.GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
