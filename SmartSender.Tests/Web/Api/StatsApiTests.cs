using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

[Collection(AppCollection.Name)]
public class StatsApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private HttpClient _otherApi = default!;

    public async Task InitializeAsync()
    {
        var accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(accountId));
        _otherApi = _app.CreateApiClient(await _app.CreateApiKeyAsync((await _app.CreateCustomerUserAsync("other@example.test", "Long-enough-passw0rd")).AccountId));
        await _app.VerifyDomainAsync(accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _otherApi.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Stats_AfterMailIsDelivered_CountsItInTheCurrentHour_ByFilter_AndOnlyForTheAccount()
    {
        foreach (var (to, tag) in new[] { ("ann@example.test", "receipt"), ("bob@example.test", "receipt"), ("cy@example.test", "welcome") })
        {
            var sent = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to, subject = "Hi", text = "Hello", tags = new[] { tag } });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            await _app.Smtp.NextAsync();
        }

        var from = DateTime.UtcNow.AddHours(-2).ToString("O");
        var all = await Eventually.ReturnsAsync(
            () => _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}"),
            s => s.GetProperty("totals").GetProperty("delivered").GetInt64() == 3);
        var receipts = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}&tag=receipt&domain=shop.test&stream=transactional");
        var marketing = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}&stream=marketing");
        var other = await _otherApi.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}");

        Assert.Equal("hour", all.GetProperty("bucket").GetString());
        Assert.Equal(3, all.GetProperty("totals").GetProperty("submitted").GetInt64());
        Assert.Equal(1.0, all.GetProperty("totals").GetProperty("deliveryRate").GetDouble());
        Assert.Equal(3, all.GetProperty("series").EnumerateArray().Sum(p => p.GetProperty("counts").GetProperty("delivered").GetInt64()));
        Assert.Equal(2, receipts.GetProperty("totals").GetProperty("delivered").GetInt64());
        Assert.Equal(0, marketing.GetProperty("totals").GetProperty("submitted").GetInt64());
        Assert.Equal(0, other.GetProperty("totals").GetProperty("submitted").GetInt64());
    }

    [Fact]
    public async Task Stats_WithBadParameters_Is400NamingEach()
    {
        var response = await _api.GetAsync("/api/v1/stats?from=2026-11-01&to=2026-12-20&bucket=hour&stream=bulk&template=nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("31 days", errors.GetProperty("bucket")[0].GetString());
        Assert.Contains("transactional or marketing", errors.GetProperty("stream")[0].GetString());
        Assert.Contains("nope", errors.GetProperty("template")[0].GetString());
    }
}
