using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Messages;
using SmartSender.Core.Reputation;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>POST /api/v1/messages/batch against a running app: each item meets a single send's rules, and only the accepted ones are stored and sent.</summary>
[Collection(AppCollection.Name)]
public sealed class BatchSendApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        var account = await _app.CreateAdminAsync();
        _accountId = account.Id;
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ABatchFromATemplate_SendsEachItsOwnVariables_AndRefusesBadItemsOneByOne_StoringNothingForThem()
    {
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync("/api/v1/templates", new { name = "order", subject = "Order {{ number }} for {{ name }}", text = "Hi {{ name }}" })).StatusCode);
        using (var scope = _app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<SuppressionList>().AddAsync(_accountId, "gone@example.com", SuppressionReason.HardBounce, "550 5.1.1", null);
        }

        var response = await _api.PostAsJsonAsync("/api/v1/messages/batch", new
        {
            from = "orders@shop.test",
            template = "order",
            messages = new object[]
            {
                new { to = "ann@example.com", variables = new { name = "Ann", number = 1 }, tags = new[] { "spring" }, metadata = new { customer = "c-1" } },
                new { to = "gone@example.com", variables = new { name = "Gone", number = 2 } },
                new { to = "bob@example.com", from = "orders@elsewhere.test", variables = new { name = "Bob", number = 3 } },
                new { to = new[] { "a@example.com", "b@example.com" }, variables = new { name = "Two", number = 4 } },
                new { to = "not an address", variables = new { name = "Bad", number = 5 } },
                new { to = "cy@example.com", variables = new { name = "Cy", number = 6 } },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 4), (answer.GetProperty("accepted").GetInt32(), answer.GetProperty("refused").GetInt32()));
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3, 4, 5], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.Equal("Queued", items[0].GetProperty("status").GetString());
        Assert.Equal((422, "suppressed"), Problem(items[1]));
        Assert.Equal((422, "unsigned"), Problem(items[2]));
        Assert.Equal((400, "one_recipient_only"), (Problem(items[3]).Status, items[3].GetProperty("error").GetProperty("codes")[0].GetString()));
        Assert.True(items[4].GetProperty("error").GetProperty("errors").TryGetProperty("to", out _));
        Assert.Equal("gone@example.com", items[1].GetProperty("to").GetString());

        var ids = new[] { items[0], items[5] }.Select(i => i.GetProperty("id").GetGuid()).ToList();
        var stored = await _app.WithDbAsync(db => db.Messages.OrderBy(m => m.To).Select(m => new { m.Id, m.To, m.Subject, m.MetadataJson }).ToListAsync());
        Assert.Equal(["ann@example.com", "cy@example.com"], stored.Select(m => m.To));
        Assert.Equal(ids.Order(), stored.Select(m => m.Id).Order());
        Assert.Contains("c-1", stored[0].MetadataJson);
        var subjects = new[] { (await _app.Smtp.NextAsync()).Subject, (await _app.Smtp.NextAsync()).Subject };
        Assert.Equal(["Order 1 for Ann", "Order 6 for Cy"], subjects.Order());
    }

    [Fact]
    public async Task ABatchOverTheQuota_AcceptsWhatFits_NamesTheItemsThatWentOver_AndAFullQuotaRefusesTheWholeBatch()
    {
        using (var scope = _app.Services.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ReputationAdmin>().SetQuotaAsync(_accountId, 3, 1000, "Trial: three a day", "support@operator.test")).Succeeded);
        }

        var first = await (await SendBatchAsync(5)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((3, 2), (first.GetProperty("accepted").GetInt32(), first.GetProperty("refused").GetInt32()));
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items.Take(3), i => Assert.Equal("Queued", i.GetProperty("status").GetString()));
        Assert.All(items.Skip(3), i => Assert.Equal((429, "quota_exceeded"), Problem(i)));

        var full = await SendBatchAsync(2);
        Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);
        Assert.Equal("quota_exceeded", (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(3, await _app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task ABatchOverThePerSecondRate_AcceptsOneSecondsWorth_AndTheRestAreToldWhenToRetry()
    {
        using (var scope = _app.Services.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<ReputationAdmin>().SetQuotaAsync(_accountId, 1000, 2, "Warm-up: two a second", "support@operator.test")).Succeeded);
        }

        var answer = await (await SendBatchAsync(5)).Content.ReadFromJsonAsync<JsonElement>();

        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.All(items.Skip(2), i => Assert.Equal((429, "rate_exceeded"), Problem(i)));
        Assert.All(items.Skip(2), i => Assert.InRange(i.GetProperty("error").GetProperty("retryAfterSeconds").GetInt32(), 1, 2));
    }

    [Fact]
    public async Task ARetriedBatch_UnderOneIdempotencyKey_GetsTheFirstAnswer_AndStoresItsMessagesOnce()
    {
        var body = new { from = "orders@shop.test", messages = Enumerable.Range(0, 10).Select(i => new { to = $"r{i}@example.com", subject = $"Receipt {i}", text = "Thanks" }).ToArray() };
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/batch") { Content = JsonContent.Create(body) };
        first.Headers.Add("Idempotency-Key", "batch-2026-12-06");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/batch") { Content = JsonContent.Create(body) };
        retry.Headers.Add("Idempotency-Key", "batch-2026-12-06");

        var answer = await (await _api.SendAsync(first)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await _api.SendAsync(retry);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        var replayed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Ids(answer), Ids(replayed));
        Assert.Equal(10, Ids(answer).Count);
        Assert.Equal(Ids(answer).Order(), (await _app.WithDbAsync(db => db.Messages.Select(m => m.Id).ToListAsync())).Order());

        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/batch") { Content = JsonContent.Create(new { from = "orders@shop.test", messages = new[] { new { to = "x@example.com", subject = "Other", text = "x" } } }) };
        other.Headers.Add("Idempotency-Key", "batch-2026-12-06");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.SendAsync(other)).StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task ABatchOfNoneOrOver500_IsRefusedNamingMessages(int count)
    {
        var response = await SendBatchAsync(count);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains($"this batch has {count}", problem.GetProperty("errors").GetProperty("messages")[0].GetString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task AnUnknownFieldOrABadStream_IsRefusedNamingIt()
    {
        var unknown = await _api.PostAsJsonAsync("/api/v1/messages/batch", new { from = "orders@shop.test", messages = new[] { new { to = "a@example.com", subject = "Hi", text = "x", cc = "b@example.com" } } });
        var stream = await _api.PostAsJsonAsync("/api/v1/messages/batch", new { stream = "bulk", messages = new[] { new { to = "a@example.com", subject = "Hi", text = "x" } } });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("cc", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, stream.StatusCode);
        Assert.True((await stream.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("stream", out _));
    }

    private Task<HttpResponseMessage> SendBatchAsync(int count) => _api.PostAsJsonAsync("/api/v1/messages/batch", new
    {
        from = "orders@shop.test",
        messages = Enumerable.Range(0, count).Select(i => new { to = $"r{i}@example.com", subject = $"Receipt {i}", text = "Thanks" }).ToArray(),
    });

    private static (int Status, string? Reason) Problem(JsonElement item)
    {
        Assert.Equal(JsonValueKind.Null, item.GetProperty("id").ValueKind);
        var error = item.GetProperty("error");
        return (error.GetProperty("status").GetInt32(), error.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
    }

    private static List<Guid> Ids(JsonElement answer) =>
        [.. answer.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
}
