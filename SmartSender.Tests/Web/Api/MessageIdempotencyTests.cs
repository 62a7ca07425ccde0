using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>
/// The Idempotency-Key of POST /api/v1/messages: a retry answers as the first request did, a concurrent twin makes no
/// second message, a key reused for another request is refused.
/// </summary>
[Collection(AppCollection.Name)]
public class MessageIdempotencyTests : ApiTest
{
    [Fact]
    public async Task Post_RetriedWithTheSameIdempotencyKey_ReturnsTheFirstAnswerAndSendsOnce()
    {
        var body = new { from = "a@shop.test", to = "b@example.test", subject = "Receipt", text = "t" };

        var first = await PostWithKeyAsync("order-1042-receipt", body);
        var retry = await PostWithKeyAsync("order-1042-receipt", body);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_TwoConcurrentRequestsWithOneIdempotencyKey_MakeOneMessage()
    {
        var body = new { from = "a@shop.test", to = "b@example.test", subject = "Receipt", text = "t" };

        var answers = await Task.WhenAll(PostWithKeyAsync("same-key", body), PostWithKeyAsync("same-key", body));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(1, await CountMessagesAsync());
    }

    [Fact]
    public async Task Post_IdempotencyKeyReusedForAnotherRequest_Is422()
    {
        await PostWithKeyAsync("key-1", new { from = "a@shop.test", to = "b@example.test", subject = "One", text = "t" });

        var other = await PostWithKeyAsync("key-1", new { from = "a@shop.test", to = "b@example.test", subject = "Two", text = "t" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await CountMessagesAsync());
    }

    private Task<HttpResponseMessage> PostWithKeyAsync(string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return Api.SendAsync(request);
    }
}
