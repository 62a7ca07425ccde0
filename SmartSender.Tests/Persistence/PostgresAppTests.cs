using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// The whole app on PostgreSQL (Database:Provider = Postgres): migrated at start, a keyed message accepted once,
/// delivered, its events and rollups written, a suppression honoured, and Hangfire's queue on the same server.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PostgresAppTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    private SmartSenderApp? _app;
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _app = new SmartSenderApp(database: _database);
        var accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(accountId));
        await _app.VerifyDomainAsync(accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task AKeyedMessage_IsAcceptedOnce_Delivered_AndCounted()
    {
        var from = DateTime.UtcNow.AddHours(-1).ToString("O");
        var first = await SendAsync("ann@example.test", key: "order-1001");
        var again = await SendAsync("ann@example.test", key: "order-1001");

        var received = await _app!.Smtp.NextAsync();
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var view = await Eventually.ReturnsAsync(
            () => _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}"),
            v => v.GetProperty("status").GetString() == "Delivered");
        var stats = await Eventually.ReturnsAsync(
            () => _api.GetFromJsonAsync<JsonElement>($"/api/v1/stats?from={from}"),
            s => s.GetProperty("totals").GetProperty("delivered").GetInt64() == 1);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(id.ToString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Equal(["Queued", "Delivered"], view.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(1, stats.GetProperty("totals").GetProperty("submitted").GetInt64());
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.Messages.CountAsync());
        Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*)::int AS \"Value\" FROM hangfire.server").SingleAsync());
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.IsType<PostgresSmartSenderDbContext>(scope.ServiceProvider.GetRequiredService<SmartSenderDbContext>());
    }

    [SkippableFact]
    public async Task ASuppressedAddress_IsRefused_AndAcceptedOnceRemoved()
    {
        var added = await _api.PostAsJsonAsync("/api/v1/suppressions", new { address = "Bo@Example.test", note = "asked by phone" });
        var refused = await SendAsync("bo@example.test");
        var removed = await _api.DeleteAsync("/api/v1/suppressions/bo@example.test");
        var accepted = await SendAsync("bo@example.test");

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("suppressed", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string to, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { from = "orders@shop.test", to, subject = "Receipt", text = "Total 12.00" }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return _api.SendAsync(request);
    }
}
