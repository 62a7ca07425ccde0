using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Quota;
using SmartSender.Core.Simulator;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Simulator;

/// <summary>
/// Test-mode keys and the mailbox simulator against a running app, its delivery pump, its jobs and a real SMTP sink
/// and webhook receiver on 127.0.0.1: test mail never reaches the sink, and each simulator address plays out its
/// outcome through the real event path (events, suppressions, webhooks), outside quota and reputation.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SimulatorTests : IAsyncLifetime
{
    private const string Sim = "@" + SimulatorAddresses.Domain;
    private readonly SmartSenderApp _app = new();
    private readonly WebhookReceiver _receiver = new();
    private HttpClient _live = default!;
    private HttpClient _test = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _accountId = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(_accountId, "shop.test");
        _live = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId, "backend"));
        var created = await _live.PostAsJsonAsync("/api/v1/api-keys", new { name = "CI", test = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(key.GetProperty("key").GetProperty("test").GetBoolean());
        _test = _app.CreateApiClient(key.GetProperty("secret").GetString());
    }

    public async Task DisposeAsync()
    {
        _live.Dispose();
        _test.Dispose();
        // The app first: a webhook post in flight at the end is answered, so its jobs stop at once.
        await _app.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ATestKeysMessage_IsCheckedStoredAndDelivered_ButNeverLeaves_AndUsesNoQuota()
    {
        var test = await SendAsync(_test, "ann@example.com");
        var unsigned = await _test.PostAsJsonAsync("/api/v1/messages", new { from = "x@unverified.test", to = "ann@example.com", subject = "Hi", text = "Hi" });

        Assert.Equal("unsigned", (await unsigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        var view = await StatusAsync(test, "Delivered");
        Assert.True(view.GetProperty("test").GetBoolean());
        Assert.Contains("nothing was sent", view.GetProperty("lastReply").GetString());

        // The next message the SMTP server sees is the live one sent after: the test message never reached it.
        var live = await SendAsync(_live, "bob@example.com");
        Assert.Equal("bob@example.com", (await _app.Smtp.NextAsync()).To.Mailboxes.Single().Address);
        Assert.False((await StatusAsync(live, "Delivered")).GetProperty("test").GetBoolean());
        using var scope = _app.Services.CreateScope();
        Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<AccountQuota>().GetAsync(_accountId))!.Used);
        var listed = await _live.GetFromJsonAsync<JsonElement>("/api/v1/messages");
        Assert.Equal([false, true], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("test").GetBoolean()));
    }

    [Fact]
    public async Task SimulatorAddresses_PlayOutTheirOutcomes_ThroughEventsSuppressionsAndWebhooks()
    {
        Assert.Equal(HttpStatusCode.Created, (await _live.PostAsJsonAsync("/api/v1/webhooks", new
        {
            url = _receiver.Url, events = new[] { "message.hard_bounced", "message.complained", "message.unsubscribed" },
        })).StatusCode);

        var bounce = await SendAsync(_test, "bounce" + Sim);
        var complaint = await SendAsync(_test, "complaint" + Sim);
        var unsubscribe = await SendAsync(_test, "unsubscribe" + Sim, stream: "marketing");
        var ooto = await SendAsync(_test, "ooto" + Sim);
        var soft = await SendAsync(_test, "softbounce" + Sim);
        var reject = await SendAsync(_test, "reject" + Sim);
        var suppressed = await _test.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "suppressed" + Sim, subject = "Hi", text = "Hi" });

        var refusal = await suppressed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("suppressed", refusal.GetProperty("reason").GetString());
        Assert.Contains("mailbox simulator", refusal.GetProperty("detail").GetString());
        await StatusAsync(bounce, "HardBounced");
        await StatusAsync(complaint, "Complained");
        await StatusAsync(unsubscribe, "Unsubscribed");
        Assert.Contains("4.2.2", (await StatusAsync(soft, "Deferred")).GetProperty("lastReply").GetString());
        var rejected = await StatusAsync(reject, "Failed");
        var delivered = await StatusAsync(ooto, "Delivered");

        var posts = new[] { await _receiver.NextAsync(), await _receiver.NextAsync(), await _receiver.NextAsync() };
        Assert.Equal(["message.complained", "message.hard_bounced", "message.unsubscribed"],
            posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("type").GetString()).Order());
        var listed = (await _live.GetStringAsync("/api/v1/suppressions"));
        Assert.Contains("bounce" + Sim, listed);
        Assert.Contains("complaint" + Sim, listed);
        Assert.Contains("unsubscribe" + Sim, listed);
        Assert.DoesNotContain("reject" + Sim, listed);

        // The auto-reply came back and changed nothing: the message stays delivered.
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.MessageEvents.CountAsync(e => e.MessageId == ooto)), n => n >= 2, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(delivered.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() is "HardBounced" or "SoftBounced" or "Reported");
        Assert.DoesNotContain(rejected.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "HardBounced");
    }

    [Fact]
    public async Task TestBouncesAndComplaints_NeverCountInReputation_AndALiveKeyToTheSimulatorIsTestMailToo()
    {
        var bounce = await SendAsync(_live, "bounce" + Sim);
        var complaint = await SendAsync(_test, "complaint" + Sim);
        await StatusAsync(bounce, "HardBounced");
        await StatusAsync(complaint, "Complained");

        Assert.True((await _live.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{bounce}")).GetProperty("test").GetBoolean());
        var counts = await _app.WithDbAsync(db => Core.Reputation.DailyCountsReader.ReadAsync(db, _accountId, DateOnly.FromDateTime(DateTime.UtcNow), 1, CancellationToken.None));
        Assert.Equal((0L, 0L, 0L), (counts[0].Submitted, counts[0].HardBounces, counts[0].Complaints));

        // Analytics still show them, under the simulator.
        var providers = await _app.WithDbAsync(db => db.HourlyTotals.Where(r => r.AccountId == _accountId && r.Type == MessageEventType.HardBounced).Select(r => r.Provider).ToListAsync());
        Assert.Equal([SimulatorAddresses.Provider], providers);
    }

    [Fact]
    public async Task ABatchFromATestKey_IsAllTestMail()
    {
        var response = await _test.PostAsJsonAsync("/api/v1/messages/batch", new
        {
            from = "orders@shop.test",
            messages = new[] { new { to = "delivered" + Sim, subject = "A", text = "a" }, new { to = "carl@example.com", subject = "B", text = "b" } },
        });

        var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        foreach (var id in ids)
        {
            Assert.True((await StatusAsync(id, "Delivered")).GetProperty("test").GetBoolean());
        }

        Assert.Equal(2, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.Test)));
    }

    private async Task<Guid> SendAsync(HttpClient api, string to, string stream = "transactional")
    {
        var response = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to, subject = "Order", text = "Thanks", stream });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The message once its timeline has an event of <paramref name="type"/>.</summary>
    private Task<JsonElement> StatusAsync(Guid id, string type) => Eventually.ReturnsAsync(
        () => _live.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}"),
        m => m.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == type),
        TimeSpan.FromSeconds(15));
}
