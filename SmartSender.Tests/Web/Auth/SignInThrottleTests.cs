using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Audit;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Auth;

/// <summary>
/// The sign-in form posted as a browser posts it, from clients a proxy on 127.0.0.1 names: wrong passwords are slowed,
/// the same way for addresses with and without an account, no one can lock a user out, and the audit log keeps it all.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class SignInThrottleTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private int _nextClient;

    public async Task InitializeAsync()
    {
        _app.Settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";

        // The throttle's clock stands still unless a test moves it, so no wait runs out while a test makes its attempts.
        _app.Replace = services => services.AddSingleton(new SmartSender.Web.Auth.SignInThrottle(_clock));
        _app.StartKestrel();
        await _app.CreateAdminAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WrongPasswords_ForAUserAndForAnAddressWithoutOne_GetTheSameAnswers()
    {
        var forUser = new List<string>();
        var forNobody = new List<string>();
        for (var i = 0; i < SignInThrottleFreeAttempts + 1; i++)
        {
            forUser.Add(Digitless(await SignInAsync(SmartSenderApp.AdminEmail, "Wrong-Password-1", NewClient())));
            forNobody.Add(Digitless(await SignInAsync("nobody@operator.test", "Wrong-Password-1", NewClient())));
        }

        Assert.Equal(forUser, forNobody);
        Assert.All(forUser.Take(SignInThrottleFreeAttempts), a => Assert.Equal("The email or the password is wrong.", a));
        Assert.StartsWith("Too many failed attempts. Wait", forUser.Last());
        Assert.DoesNotContain(forUser, a => a.Contains("locked", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AUserUnderAttack_StillSignsInOnceTheShortWaitIsOver()
    {
        for (var i = 0; i < SignInThrottleFreeAttempts; i++)
        {
            await SignInAsync(SmartSenderApp.AdminEmail, "Wrong-Password-1", NewClient());
        }

        Assert.StartsWith("Too many failed attempts. Wait 1 second", await SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword, NewClient()));

        _clock.Now += TimeSpan.FromSeconds(1);

        Assert.Equal("", await SignInAsync(SmartSenderApp.AdminEmail, SmartSenderApp.AdminPassword, NewClient()));
    }

    [Fact]
    public async Task PasswordSpraying_FromOneAddress_IsSlowedAfterFiveAttempts_AndAudited()
    {
        var client = NewClient();
        var answers = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await SignInAsync($"user{i}@operator.test", "Summer2026!", client));
        }

        Assert.Equal(SignInThrottleFreeAttempts, answers.Count(a => a == "The email or the password is wrong."));
        Assert.Equal(40 - SignInThrottleFreeAttempts, answers.Count(a => a.StartsWith("Too many failed attempts", StringComparison.Ordinal)));
        var audited = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SignInFailed || e.Action == AuditActions.SignInThrottled).CountAsync());
        Assert.Equal(40, audited);
    }

    private const int SignInThrottleFreeAttempts = SmartSender.Web.Auth.SignInThrottle.FreeAttempts;

    private string NewClient() => $"203.0.113.{Interlocked.Increment(ref _nextClient)}";

    /// <summary>Posts the sign-in form from <paramref name="client"/>; the error shown, or "" when signed in.</summary>
    private async Task<string> SignInAsync(string email, string password, string client)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = _app.Address };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        var response = await BrowserlessSignIn.SignInAsync(http, email, password);
        if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
        {
            return "";
        }

        var page = await response.Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(Error().Match(page).Groups[1].Value.Trim());
    }

    private static string Digitless(string answer) => Regex.Replace(answer, "[0-9]+", "N");

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex Error();
}
