using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Core.Audit;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>API keys and the account's settings through the API, as the Account page has them.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        var account = await _app.CreateAdminAsync();
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id, "automation"));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AKeyCreatedWithLimits_SendsWithinThem_IsListedWithoutItsSecret_AndOnceRevokedIsRefused()
    {
        var created = await _api.PostAsJsonAsync("/api/v1/api-keys", new { name = "web shop", scope = "send", domains = new[] { "shop.test" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var (id, secret) = (body.GetProperty("key").GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
        Assert.Equal("send", body.GetProperty("key").GetProperty("scope").GetString());
        using var shop = _app.CreateApiClient(secret);
        Assert.Equal(HttpStatusCode.Accepted, (await shop.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.com", subject = "Hi", text = "Hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await shop.GetAsync("/api/v1/api-keys")).StatusCode);
        var listed = await _api.GetStringAsync("/api/v1/api-keys");
        Assert.Contains("web shop", listed);
        Assert.DoesNotContain(secret, listed);
        var audit = await _app.WithDbAsync(db => Task.FromResult(db.AuditEntries.Where(e => e.Target == "web shop").Select(e => e.Action).ToList()));
        Assert.Equal(["api_key.created"], audit);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await shop.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.com", subject = "Hi", text = "Hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync($"/api/v1/api-keys/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task BadKeyInput_IsRefusedNamingEachField()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/api-keys", new { name = "", domains = new[] { "elsewhere.test" }, networks = new[] { "not-a-network" } });
        var scope = await _api.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", scope = "admin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("domains", out _) && errors.TryGetProperty("networks", out _), errors.ToString());
        Assert.True((await scope.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("scope", out _));
    }

    [Fact]
    public async Task Settings_ChangeOnlyWhatIsGiven_AndABadCultureIsRefused()
    {
        var changed = await _api.PatchAsJsonAsync("/api/v1/account/settings", new { culture = "de-DE", tracking = new { transactional_opens = true } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var settings = await _api.GetFromJsonAsync<JsonElement>("/api/v1/account/settings");
        Assert.Equal("de-DE", settings.GetProperty("culture").GetString());
        Assert.True(settings.GetProperty("tracking").GetProperty("transactional_opens").GetBoolean());
        Assert.True(settings.GetProperty("tracking").GetProperty("marketing_clicks").GetBoolean());

        var bad = await _api.PatchAsJsonAsync("/api/v1/account/settings", new { culture = "xx-NOPE" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("de-DE", (await _api.GetFromJsonAsync<JsonElement>("/api/v1/account/settings")).GetProperty("culture").GetString());
    }
}
