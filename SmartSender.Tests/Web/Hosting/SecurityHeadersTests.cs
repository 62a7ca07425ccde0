using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using SmartSender.Tests.EndToEnd;
using SmartSender.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace SmartSender.Tests.Web.Hosting;

/// <summary>
/// The headers that keep the dashboard and the recipients' pages from being sniffed, framed or made to run a script
/// they did not bring, HSTS over https outside Development, and a sign-out that needs its form's token and ends the
/// cookie for good.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SecurityHeadersTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);

    public async Task InitializeAsync()
    {
        _app.StartKestrel();
        await _app.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/login")]
    [InlineData("/jobs")]
    [InlineData("/api/docs/index.html")]
    [InlineData("/u/not-a-token")]
    [InlineData("/o/not-a-token.gif")]
    [InlineData("/api/v1/messages")]
    public async Task EveryPage_IsNeitherSniffedNorFramed_AndKeepsItsReferrer(string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.Address };

        var response = await http.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.Null(Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task TheDashboard_RunsOnlyItsOwnScripts_AndItsImportMapByThisResponsesNonce()
    {
        using var http = new HttpClient { BaseAddress = _app.Address };

        var first = await http.GetAsync("/login");
        var second = await http.GetAsync("/login");

        var policy = Header(first, "Content-Security-Policy")!;
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.Matches("^[A-Za-z0-9_-]{22,}$", nonce); // nothing an HTML attribute would encode
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync());
        Assert.NotEqual(nonce, Nonce().Match(Header(second, "Content-Security-Policy")!).Groups[1].Value);
    }

    [Fact]
    public async Task TheUnsubscribePage_LoadsNothingButItsStyle()
    {
        using var http = new HttpClient { BaseAddress = _app.Address };

        var policy = Header(await http.GetAsync("/u/not-a-token"), "Content-Security-Policy");

        Assert.StartsWith("default-src 'none'; style-src 'unsafe-inline';", policy);
    }

    [Fact]
    public async Task OverHttps_OutsideDevelopment_HstsIsSent()
    {
        await using var production = new SmartSenderApp { EnvironmentName = "Production" };
        using var https = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://mail.example.test"), AllowAutoRedirect = false });
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://mail.example.test"), AllowAutoRedirect = false });

        Assert.Equal("max-age=2592000", Header(await https.GetAsync("/login"), "Strict-Transport-Security"));
        Assert.Null(Header(await http.GetAsync("/login"), "Strict-Transport-Security"));
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsToken_IsRefused_AndWithIt_EndsTheCookieEvenIfKept()
    {
        await using var session = await BrowserSession.OpenAsync(_app.Address!);
        var ui = session.Ui;
        await ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        var kept = string.Join("; ", (await ui.Page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        Assert.Equal(HttpStatusCode.OK, (await GetWithAsync(kept, "/messages")).StatusCode);

        // Another site's form posting to /logout has no token.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, "/logout") { Content = new FormUrlEncodedContent([]) })
        {
            forged.Headers.Add("Cookie", kept);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.Address };
            Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(forged)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetWithAsync(kept, "/messages")).StatusCode);

        await ui.OpenAsync("/messages");
        await ui.WaitForCircuitAsync();
        await ui.Page.GetByLabel("User menu").ClickAsync();
        await ui.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex("/login"));

        var replayed = await GetWithAsync(kept, "/messages");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/login", replayed.Headers.Location!.OriginalString);
    }

    private async Task<HttpResponseMessage> GetWithAsync(string cookie, string path)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task InChromium_TheDashboardPages_LoadWithNothingRefused()
    {
        await using var session = await BrowserSession.OpenAsync(_app.Address!);
        var ui = session.Ui;
        await ui.SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword);
        foreach (var path in new[] { "/analytics", "/compose", "/messages", "/domains", "/templates/new", "/" })
        {
            await ui.OpenAsync(path);
            await ui.WaitForCircuitAsync();
        }

        await ui.ScreenshotAsync("70-csp-overview");
        Assert.Empty(session.PolicyViolations);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
