using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>The webhooks API against a running app and a real receiver on 127.0.0.1: what the Webhooks page does, and secret rotation.</summary>
[Collection(AppCollection.Name)]
public sealed class WebhooksApiTests : ApiTest
{
    private readonly WebhookReceiver _receiver = new();

    public override async Task DisposeAsync()
    {
        // The app first: a webhook post in flight at the end is answered, so its jobs stop at once.
        await base.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task AnEndpoint_IsCreatedTestedListedChangedAndDeleted_AndItsDeliveriesAreReadAndRedelivered()
    {
        var created = await Api.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, events = new[] { "message.delivered", "HardBounced" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("endpoint").GetProperty("id").GetGuid();
        Assert.StartsWith("whsec_", secret);
        Assert.Equal(["message.delivered", "message.hard_bounced"], body.GetProperty("endpoint").GetProperty("events").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.DoesNotContain("whsec_", await Api.GetStringAsync("/api/v1/webhooks"));

        var test = await Api.PostAsync($"/api/v1/webhooks/{id}/test", null);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        var post = await _receiver.NextAsync();
        Assert.Contains("webhook.test", post.Body);
        Assert.True(WebhookSignature.Verify(secret, post.Id, post.Timestamp, post.Signature, post.Body, DateTimeOffset.UtcNow));

        // A message's delivery reaches the endpoint; a bad answer shows in the deliveries with its status code.
        _receiver.AnswerNext(503, times: 10);
        Assert.Equal(HttpStatusCode.Accepted, (await Api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.com", subject = "Hi", text = "Hi" })).StatusCode);
        await _receiver.NextAsync();
        var deliveries = await Eventually.ReturnsAsync(
            async () => await Api.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries"),
            d => d.EnumerateArray().Any(x => x.GetProperty("lastStatusCode").ValueKind == JsonValueKind.Number && x.GetProperty("lastStatusCode").GetInt32() == 503),
            TimeSpan.FromSeconds(10));
        var failed = deliveries.EnumerateArray().First(x => x.GetProperty("eventType").GetString() != WebhookEndpoints.TestEventType);
        Assert.Equal("message.delivered", failed.GetProperty("eventType").GetString());
        Assert.Contains(deliveries.EnumerateArray(), x => x.GetProperty("eventType").GetString() == WebhookEndpoints.TestEventType && x.GetProperty("state").GetString() == "Delivered");

        var again = await Api.PostAsync($"/api/v1/webhooks/deliveries/{failed.GetProperty("id").GetGuid()}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("message.delivered", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventType").GetString());

        var changed = await Api.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = false, events = new[] { "message.opened" } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(view.GetProperty("enabled").GetBoolean());
        Assert.Equal(["message.opened"], view.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(_receiver.Url, view.GetProperty("url").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/api/v1/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync($"/api/v1/webhooks/{id}/test", null)).StatusCode);
    }

    [Fact]
    public async Task ARotatedSecret_SignsBesideTheOldOneForTheOverlap_SoEitherVerifies()
    {
        var created = await (await Api.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, events = new[] { "message.delivered" } })).Content.ReadFromJsonAsync<JsonElement>();
        var (id, old) = (created.GetProperty("endpoint").GetProperty("id").GetGuid(), created.GetProperty("secret").GetString()!);

        var rotated = await (await Api.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null)).Content.ReadFromJsonAsync<JsonElement>();
        var fresh = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(old, fresh);
        var expires = rotated.GetProperty("endpoint").GetProperty("previous_secret_expires_at").GetDateTime();
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));

        await Api.PostAsync($"/api/v1/webhooks/{id}/test", null);
        var post = await _receiver.NextAsync();

        Assert.Equal(2, post.Signature!.Split(' ').Length);
        Assert.True(WebhookSignature.Verify(fresh, post.Id, post.Timestamp, post.Signature, post.Body, DateTimeOffset.UtcNow));
        Assert.True(WebhookSignature.Verify(old, post.Id, post.Timestamp, post.Signature, post.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task BadInput_IsRefusedNamingTheField()
    {
        var unknownEvent = await Api.PostAsJsonAsync("/api/v1/webhooks", new { url = _receiver.Url, events = new[] { "message.exploded" } });
        var noUrl = await Api.PostAsJsonAsync("/api/v1/webhooks", new { events = new[] { "message.delivered" } });
        var privateUrl = await Api.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://10.0.0.5/hook", events = new[] { "message.delivered" } });

        Assert.Equal(HttpStatusCode.BadRequest, unknownEvent.StatusCode);
        Assert.Contains("message.exploded", (await unknownEvent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("events")[0].GetString());
        foreach (var response in new[] { noUrl, privateUrl })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("url", out _), await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await Api.GetAsync($"/api/v1/webhooks/{Guid.NewGuid()}/deliveries?limit=0")).StatusCode);
        Assert.Equal("[]", await Api.GetStringAsync("/api/v1/webhooks"));
    }
}
