using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class ReputationApiTests : IAsyncLifetime
{
    private readonly ShiftedClock _clock = new();
    private readonly SmartSenderApp _app;
    private HttpClient _api = default!;
    private Guid _accountId;

    public ReputationApiTests() => _app = new SmartSenderApp { Replace = services => services.AddSingleton<TimeProvider>(_clock) };

    public async Task InitializeAsync()
    {
        _app.Settings["Quota:Normal:DailyLimit"] = "3";
        _app.Settings["Quota:Normal:PerSecond"] = "0";
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        await _app.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Post_OverTheDailyQuota_Is429WithRetryAfter_AndQueuesNothing()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await SendAsync($"r{i}@example.test")).StatusCode);
        }

        var response = await SendAsync("over@example.test");
        var now = _clock.GetUtcNow().UtcDateTime;

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("quota_exceeded", problem.GetProperty("reason").GetString());
        var retryAfter = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1;
        var untilTheHourLeaves = (new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(24) - now).TotalSeconds;
        Assert.InRange(retryAfter, untilTheHourLeaves - 60, untilTheHourLeaves + 1);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetDouble());
        Assert.Equal(3, await _app.WithDbAsync(db => db.Messages.CountAsync()));

        var reputation = await _api.GetFromJsonAsync<JsonElement>("/api/v1/reputation");
        Assert.Equal("Normal", reputation.GetProperty("level").GetString());
        Assert.Equal(3, reputation.GetProperty("quota").GetProperty("usedLast24Hours").GetInt64());
        Assert.Equal(3, reputation.GetProperty("quota").GetProperty("dailyLimit").GetInt32());
        Assert.Equal(["Bounces", "Complaints", "Unsubscribes", "ContentReviews"], reputation.GetProperty("factors").EnumerateArray().Select(f => f.GetProperty("factor").GetString()));
    }

    [Fact]
    public async Task Post_SpamContent_Is422WithReasonContent_NamingEachRule()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new
        {
            from = "PayPal Security <alerts@shop.test>",
            to = "ann@example.test",
            subject = "VERIFY YOUR ACCOUNT NOW",
            html = """<a href="https://bit.ly/3xYz"><img src="https://cdn.example.top/banner.jpg"></a> <a href="http://login.example.top/">www.paypal.com</a>""",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("content", problem.GetProperty("reason").GetString());
        var rules = problem.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).ToList();
        Assert.Equal(["missing_text_part", "image_only", "link_domain_mismatch", "url_shortener", "bad_tld", "subject_all_caps", "spam_phrases", "brand_impersonation"], rules);
        Assert.Contains("brand_impersonation: The sender's name says PayPal", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Messages.CountAsync()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.ContentRejections.CountAsync()));
    }

    [Fact]
    public async Task AcceptedMessage_ShowsItsContentScoreAndTheRulesThatFired()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "Shop <orders@shop.test>", to = "ann@example.test", subject = "Your receipt", html = "<p>Total: 12.00 EUR</p>" });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var view = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");

        var review = view.GetProperty("contentReview");
        Assert.Equal(1.0, review.GetProperty("score").GetDouble());
        Assert.Equal("missing_text_part", review.GetProperty("rules")[0].GetProperty("rule").GetString());
        Assert.Equal("The message has HTML but no plain-text part.", review.GetProperty("rules")[0].GetProperty("detail").GetString());
    }

    private Task<HttpResponseMessage> SendAsync(string to) =>
        _api.PostAsJsonAsync("/api/v1/messages", new { from = "Shop <orders@shop.test>", to, subject = "Your receipt", text = "Total: 12.00 EUR" });
}
