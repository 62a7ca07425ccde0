using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Web.Api;

/// <summary>Cancelling a waiting message and moving a scheduled one through the API, against the delivery pump of a running app.</summary>
[Collection(AppCollection.Name)]
public sealed class MessageScheduleApiTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _api = default!;

    public async Task InitializeAsync()
    {
        var account = await _app.CreateAdminAsync();
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account.Id, "shop backend"));
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AScheduledMessage_IsCancelledWithAnEvent_AndNeverSent_ThenCannotBeCancelledAgain()
    {
        var scheduled = await SendAsync("later@example.com", DateTimeOffset.UtcNow.AddHours(2));

        var response = await _api.DeleteAsync($"/api/v1/messages/{scheduled}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Cancelled", view.GetProperty("status").GetString());
        Assert.Contains(view.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "Cancelled"
            && e.GetProperty("detail").GetString()!.Contains("API key 'shop backend'"));
        var events = await _api.GetFromJsonAsync<JsonElement>("/api/v1/events?type=Cancelled");
        Assert.Equal([scheduled], events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("messageId").GetGuid()));

        var again = await _api.DeleteAsync($"/api/v1/messages/{scheduled}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("message_not_waiting", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        // A message sent now goes out; the cancelled one stays behind.
        await SendAsync("now@example.com", null);
        Assert.Equal("now@example.com", (await _app.Smtp.NextAsync()).To.Mailboxes.Single().Address);
        Assert.Equal(MessageStatus.Cancelled, await _app.WithDbAsync(db => db.Messages.Where(m => m.Id == scheduled).Select(m => m.Status).SingleAsync()));
    }

    [Fact]
    public async Task AScheduledMessage_MovedToNow_IsDelivered_AndASentOneCannotBeMovedOrCancelled()
    {
        var scheduled = await SendAsync("later@example.com", DateTimeOffset.UtcNow.AddDays(2));
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(1);

        var moved = await _api.PatchAsJsonAsync($"/api/v1/messages/{scheduled}", new { send_at = sendAt });

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(sendAt.UtcDateTime, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sendAt").GetDateTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("later@example.com", (await _app.Smtp.NextAsync()).To.Mailboxes.Single().Address);
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Messages.Where(m => m.Id == scheduled).Select(m => m.Status).SingleAsync()),
            status => status == MessageStatus.Delivered, TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Conflict, (await _api.DeleteAsync($"/api/v1/messages/{scheduled}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.PatchAsJsonAsync($"/api/v1/messages/{scheduled}", new { send_at = DateTimeOffset.UtcNow.AddHours(1) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.DeleteAsync($"/api/v1/messages/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ASendTimeInThePastOrTooFar_IsRefusedByField()
    {
        var scheduled = await SendAsync("later@example.com", DateTimeOffset.UtcNow.AddHours(2));

        var past = await _api.PatchAsJsonAsync($"/api/v1/messages/{scheduled}", new { send_at = DateTimeOffset.UtcNow.AddHours(-1) });
        var far = await _api.PatchAsJsonAsync($"/api/v1/messages/{scheduled}", new { send_at = DateTimeOffset.UtcNow.AddDays(60) });
        var missing = await _api.PatchAsJsonAsync($"/api/v1/messages/{scheduled}", new { });

        foreach (var response in new[] { past, far, missing })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("send_at", out _));
        }
    }

    private async Task<Guid> SendAsync(string to, DateTimeOffset? sendAt)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to, subject = "Order", text = "Hi", send_at = sendAt });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
