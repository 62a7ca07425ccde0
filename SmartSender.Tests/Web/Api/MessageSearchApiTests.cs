using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>Finding messages through the API: the log's filters, cursor paging newest first, and a message's stored content.</summary>
[Collection(AppCollection.Name)]
public sealed class MessageSearchApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        var account = await _app.CreateAdminAsync();
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        await _app.VerifyDomainAsync(account.Id, "news.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Filters_FindExactlyTheirMessages_AndTheCursorWalksEveryMessageOnceNewestFirst()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await SendAsync(new
            {
                from = i % 2 == 0 ? "orders@shop.test" : "hello@news.test", to = $"user{i}@example.com", subject = $"Message {i}", text = "Hi",
                stream = i < 5 ? "transactional" : "marketing", tags = i == 3 ? new[] { "receipt" } : null,
                metadata = new Dictionary<string, string> { ["order"] = $"A-{i}" },
            }));
        }

        // Seven messages, three at a time: every one exactly once, newest first, then no cursor.
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await _api.GetFromJsonAsync<JsonElement>("/api/v1/messages?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Reverse(ids), seen);

        Assert.Equal([ids[3]], await IdsAsync("tag=receipt"));
        Assert.Equal([ids[4]], await IdsAsync("metadata_key=order&metadata_value=A-4"));
        Assert.Equal([ids[6], ids[5]], await IdsAsync("stream=marketing"));
        Assert.Equal([ids[5], ids[3], ids[1]], await IdsAsync("domain=news.test"));
        Assert.Equal([ids[2]], await IdsAsync("recipient=user2@"));
        Assert.Empty(await IdsAsync("status=Bounced"));
    }

    [Fact]
    public async Task BadQueries_AreProblemDetailsNamingEachParameter()
    {
        var response = await _api.GetAsync("/api/v1/messages?status=Lost&stream=newsletter&limit=1000&cursor=nonsense&metadata_value=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["cursor", "limit", "metadata_key", "status", "stream"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Content_IsTheStoredBodiesAndTheMimeSource()
    {
        var id = await SendAsync(new { from = "orders@shop.test", to = "ann@example.com", subject = "Receipt", text = "Total: 12.00", html = "<p>Total: <b>12.00</b></p>" });

        var content = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}/content");

        Assert.Equal("<p>Total: <b>12.00</b></p>", content.GetProperty("html").GetString());
        Assert.Equal("Total: 12.00", content.GetProperty("text").GetString());
        var source = content.GetProperty("source").GetString()!;
        Assert.Contains("Subject: Receipt", source);
        Assert.Contains("multipart/alternative", source);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/v1/messages/{Guid.NewGuid()}/content")).StatusCode);
    }

    private async Task<Guid> SendAsync(object body)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<List<Guid>> IdsAsync(string query) =>
        [.. (await _api.GetFromJsonAsync<JsonElement>("/api/v1/messages?" + query)).GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid())];
}
