using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Retention;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Messages;

/// <summary>
/// Content retention on a moving clock: each account's messages lose their bodies and attachments once older than
/// its retention (its own days, else the operator's 30), in batches, while mail still waiting keeps its content; the
/// API says the content is gone and when, and the events and statistics stay. And one recipient's erasure.
/// </summary>
[Collection(AppCollection.Name)]
public class ContentRetentionTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new();
    private HttpClient _a = default!;
    private HttpClient _b = default!;
    private Guid _accountB;

    public async Task InitializeAsync()
    {
        var a = (await _app.CreateAdminAsync()).Id;
        _a = _app.CreateApiClient(await _app.CreateApiKeyAsync(a));
        await _app.VerifyDomainAsync(a, "shop.test");
        _accountB = (await _app.CreateCustomerUserAsync("bea@b.test", "Bea-Password-1")).AccountId;
        _b = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountB));
        await _app.VerifyDomainAsync(_accountB, "b.test");
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task EachAccountsContent_GoesAfterItsRetention_InBatches_WaitingMailKeepsIt_EventsAndStatsStay()
    {
        var kept = await _b.PatchAsJsonAsync("/api/v1/account/settings", new { content_retention_days = 7 });
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(7, (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("content_retention_days").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await _b.PatchAsJsonAsync("/api/v1/account/settings", new { content_retention_days = 5000 })).StatusCode);

        var ofA = await SendAsync(_a, "shop.test", 3);
        var ofB = await SendAsync(_b, "b.test", 2);
        var scheduled = await _b.PostAsJsonAsync("/api/v1/messages", new { from = "news@b.test", to = "later@example.test", subject = "Later", text = "Not yet", send_at = DateTimeOffset.UtcNow.AddDays(29) });
        Assert.True(scheduled.StatusCode == HttpStatusCode.Accepted, await scheduled.Content.ReadAsStringAsync());
        var waiting = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.ReturnsAsync(() => Task.FromResult(_app.Smtp.Count), n => n == 5);
        var delivered = await DeliveredCountAsync();

        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var retention = new ContentRetention(_app.Services.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>(), Options.Create(new RetentionOptions { ContentDays = 30, BatchSize = 1 }), clock, _app.Services.GetRequiredService<SmartSender.Core.Tracking.MessageLinks>());
        Assert.Equal(0, await retention.RunAsync());

        clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(2, await retention.RunAsync());
        Assert.All(ofB, id => Assert.NotNull(ContentOf(id).Result.RemovedAt));
        Assert.All(ofA, id => Assert.Null(ContentOf(id).Result.RemovedAt));
        Assert.Equal((null, "Not yet", 0), await ContentOf(waiting));

        clock.Advance(TimeSpan.FromDays(23));
        Assert.Equal(3, await retention.RunAsync());
        var cleared = await ContentOf(ofA[0]);
        Assert.Equal((clock.GetUtcNow().UtcDateTime, (string?)null, 0), cleared);
        Assert.Equal(0, await retention.RunAsync());

        var view = await (await _a.GetAsync($"/api/v1/messages/{ofA[0]}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(clock.GetUtcNow().UtcDateTime, view.GetProperty("contentRemovedAt").GetDateTime());
        Assert.Contains(view.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "Delivered");
        var content = await _a.GetAsync($"/api/v1/messages/{ofA[0]}/content");
        Assert.Equal(HttpStatusCode.Gone, content.StatusCode);
        Assert.Equal("content_removed", (await content.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetString());
        Assert.Equal(delivered, await DeliveredCountAsync());
    }

    [Fact]
    public async Task ErasingARecipient_ReplacesTheAddressEverywhere_AndItsSuppressionStillBlocks()
    {
        var sent = await _a.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "Erin Doe <Erin@Example.test>", subject = "Order", text = "Yours" });
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.ReturnsAsync(() => Task.FromResult(_app.Smtp.Count), n => n == 1);
        Assert.Equal(HttpStatusCode.Created, (await _a.PostAsJsonAsync("/api/v1/suppressions", new { address = "erin@example.test", note = "asked by erin@example.test" })).StatusCode);
        var later = await _a.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ERIN@example.test", subject = "Later", text = "x", send_at = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, later.StatusCode);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _a.PostAsJsonAsync("/api/v1/recipients/erasures", new { address = "not an address" })).StatusCode);
        var erased = await _a.PostAsJsonAsync("/api/v1/recipients/erasures", new { address = "erin@EXAMPLE.test" });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var report = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, report.GetProperty("messages").GetInt32());
        Assert.Equal(1, report.GetProperty("suppressions").GetInt32());
        var hash = report.GetProperty("erased_as").GetString()!;
        Assert.StartsWith("erased:", hash);

        var left = await _app.WithDbAsync(async db => new
        {
            Messages = await db.Messages.CountAsync(m => m.To.ToLower().Contains("erin")),
            Events = await db.MessageEvents.CountAsync(e => e.Detail != null && e.Detail.ToLower().Contains("erin")),
            Suppressions = await db.Suppressions.CountAsync(s => s.Address.Contains("erin") || (s.Detail != null && s.Detail.Contains("erin"))),
            Message = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id),
        });
        Assert.Equal((0, 0, 0), (left.Messages, left.Events, left.Suppressions));
        Assert.Equal(hash, left.Message.To);
        Assert.NotNull(left.Message.ContentRemovedAt);
        Assert.Equal(HttpStatusCode.Gone, (await _a.GetAsync($"/api/v1/messages/{id}/content")).StatusCode);

        // The hash keeps the address off the account's mail; another account is not affected.
        var again = await _a.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "erin@example.test", subject = "Again", text = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("suppressed", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codes")[0].GetString());
        Assert.Equal(HttpStatusCode.Accepted, (await _b.PostAsJsonAsync("/api/v1/messages", new { from = "news@b.test", to = "erin@example.test", subject = "Hi", text = "x" })).StatusCode);
    }

    private static async Task<List<Guid>> SendAsync(HttpClient api, string domain, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var sent = await api.PostAsJsonAsync("/api/v1/messages", new
            {
                from = $"news@{domain}", to = $"r{i}@example.test", subject = $"Hello {i}", text = "Body text", html = "<p>Body html</p>",
                attachments = new[] { new { filename = "note.txt", content_type = "text/plain", content = Convert.ToBase64String("note"u8.ToArray()) } },
            });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            ids.Add((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        return ids;
    }

    private Task<(DateTime? RemovedAt, string? Text, int Attachments)> ContentOf(Guid id) =>
        _app.WithDbAsync(async db =>
        {
            var m = await db.Messages.AsNoTracking().SingleAsync(m => m.Id == id);
            return (m.ContentRemovedAt, m.TextBody, await db.Set<MessageAttachment>().CountAsync(a => a.MessageId == id));
        });

    private Task<long> DeliveredCountAsync() =>
        _app.WithDbAsync(db => db.DailyTotals.Where(r => r.Type == MessageEventType.Delivered).SumAsync(r => r.Count));
}
