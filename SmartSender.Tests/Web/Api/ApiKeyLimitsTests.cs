using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>Keys limited by scope, sending domain and network, and the guard against guessing keys, over real HTTP on 127.0.0.1.</summary>
[Collection(AppCollection.Name)]
public class ApiKeyLimitsTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new(kestrel: true);
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _app.Settings["ApiKeys:MaxFailures"] = "3";
        _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(_accountId, "shop.test");
        await _app.VerifyDomainAsync(_accountId, "news.test");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SendOnlyKey_SendsMessages_ButIsRefusedTheRestOfTheApiWith403()
    {
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "web server", ApiKeyScope.Send));

        var sent = await SendAsync(api, "orders@shop.test");
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var status = await api.GetAsync($"/api/v1/messages/{id}");
        var stats = await api.GetAsync("/api/v1/stats");

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stats.StatusCode);
        var problem = await stats.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Outside the key's scope", problem.GetProperty("title").GetString());
        Assert.Contains("may only send messages", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task KeyLimitedToOneDomain_SendsFromIt_AndFromAnotherIs403WithNothingStored()
    {
        using var api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "shop only", domains: ["shop.test"]));

        var other = await SendAsync(api, "news@news.test");
        var own = await SendAsync(api, "orders@shop.test");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("This key may only send from shop.test.", (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.Equal(["shop.test"], await _app.WithDbAsync(db => db.Messages.Select(m => m.SendingDomain).ToListAsync()));
    }

    [Fact]
    public async Task KeyLimitedToNetworks_WorksFromThemOnly()
    {
        using var elsewhere = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "office", networks: ["10.0.0.0/8", "2001:db8::/32"]));
        using var loopback = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "this host", networks: ["127.0.0.0/8"]));

        var refused = await SendAsync(elsewhere, "orders@shop.test");
        var accepted = await SendAsync(loopback, "orders@shop.test");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("The key 'office' may only be used from 10.0.0.0/8, 2001:db8::/32; this request came from 127.0.0.1.",
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task MissingWrongAndRevokedKeys_Are401_AndTooManyWrongOnesBlockWrongKeysWith429_ButNeverAValidKey()
    {
        var secret = await _app.CreateApiKeyAsync(_accountId, "valid");
        using var none = _app.CreateApiClient(null);
        using var wrong = _app.CreateApiClient("ss_" + new string('x', 40));
        using var valid = _app.CreateApiClient(secret);

        var missing = await none.GetAsync("/api/v1/stats");
        var failures = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            failures.Add((await wrong.GetAsync("/api/v1/stats")).StatusCode);
        }

        var blocked = await wrong.GetAsync("/api/v1/stats");
        var stillValid = await valid.GetAsync("/api/v1/stats");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], failures);
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.InRange(blocked.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 290, 300);
        Assert.Equal("Too many failed attempts", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient api, string from) =>
        api.PostAsJsonAsync("/api/v1/messages", new { from, to = "ann@example.test", subject = "Your receipt", text = "Total: 12.00 EUR" });
}
