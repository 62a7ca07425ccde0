using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Campaigns;

/// <summary>Campaigns through the API of the running app, delivered to its SMTP sink: who gets one, the quota, pause, resume and cancel.</summary>
[Collection(AppCollection.Name)]
public class CampaignTests : IAsyncLifetime
{
    private SmartSenderApp _app = default!;
    private HttpClient _api = default!;
    private Guid _list;
    private Guid _template;

    public async Task InitializeAsync()
    {
        _app = new SmartSenderApp();
        _app.Settings["Quota:Normal:DailyLimit"] = "1000";
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ACampaign_GoesToEachSubscribedContact_ButNotToASuppressedOrUnsubscribedOne()
    {
        await ContactsAsync(5);
        Assert.Equal(HttpStatusCode.Created, (await _api.PostAsJsonAsync("/api/v1/suppressions", new { address = "c2@example.test" })).StatusCode);
        var unsubscribed = (await _api.GetFromJsonAsync<JsonElement>("/api/v1/contacts?search=c3@")).GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await _api.PutAsJsonAsync($"/api/v1/contacts/{unsubscribed}/lists/{_list}", new { status = "unsubscribed" })).StatusCode);
        var campaign = await CampaignAsync();

        var audience = await _api.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{campaign}/audience");
        Assert.Equal((4, 1, 3), (audience.GetProperty("selected").GetInt32(), audience.GetProperty("suppressed").GetInt32(), audience.GetProperty("recipients").GetInt32()));
        var sent = await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var received = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            received.Add((await _app.Smtp.NextAsync(TimeSpan.FromSeconds(30))).To.Mailboxes.Single().Address);
        }

        Assert.Equal(["c1@example.test", "c4@example.test", "c5@example.test"], received.Order());
        var done = await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync()), c => c.Status == CampaignStatus.Sent);
        Assert.Equal((3, 3, 0), (done.Recipients, done.Queued, done.Skipped));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign && m.Stream == MessageStream.Marketing)));

        var stats = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CampaignStats>(_app.Services);
        await Eventually.ReturnsAsync(async () => (await stats.FiguresAsync(done)).Delivered, n => n == 3);
        Assert.Equal(3, (await stats.HoursAsync(done)).Sum(h => h.Delivered));
        Assert.Empty(await stats.TopLinksAsync(done));
    }

    [Fact]
    public async Task ACampaignLargerThanTheRemainingQuota_IsRefusedUpFront_WithTheNumbers()
    {
        await _app.DisposeAsync();
        _app = new SmartSenderApp();
        _app.Settings["Quota:Normal:DailyLimit"] = "3";
        await StartAsync();
        await ContactsAsync(5);
        var campaign = await CampaignAsync();

        var refused = await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The campaign goes to 5 contacts and the account may send 3 more today (daily quota 3); send it to a smaller list, when the quota allows, or paced across days.",
            problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _app.WithDbAsync(db => db.Messages.CountAsync()));
        Assert.Equal(CampaignStatus.Draft, await _app.WithDbAsync(db => db.Campaigns.Select(c => c.Status).SingleAsync()));

        // Paced across days instead: what the quota allows now, the rest when it has room again.
        var paced = await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { pace_across_days = true });
        Assert.Equal(HttpStatusCode.OK, paced.StatusCode);
        var waiting = await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync()), c => c.WaitingUntil is not null);
        Assert.Equal((CampaignStatus.Sending, 5, 3, 0), (waiting.Status, waiting.Recipients, waiting.Queued, waiting.Skipped));
        Assert.InRange(waiting.WaitingUntil!.Value, DateTime.UtcNow, DateTime.UtcNow.AddHours(25));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign)));
        Assert.Equal(2, await _app.WithDbAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign && !r.Done)));
    }

    [Fact]
    public async Task Pause_HoldsWhatWaits_Resume_QueuesItAgain_Cancel_CancelsItAndLeavesTheSentAlone()
    {
        await ContactsAsync(6);
        var campaign = await CampaignAsync();
        _app.Smtp.Reply = new SmtpServer.Protocol.SmtpResponse(SmtpServer.Protocol.SmtpReplyCode.ServiceUnavailable, "4.7.0 try later");
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { })).StatusCode);

        // Every message deferred by the receiving server: queued, waiting for its retry.
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign && m.Status == MessageStatus.Queued && m.Attempts > 0)), n => n == 6);
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.Select(c => c.Status).SingleAsync()), s => s == CampaignStatus.Sent);

        Assert.Equal("paused", (await PostAsync($"/api/v1/campaigns/{campaign}/pause")).GetProperty("status").GetString());
        Assert.Equal(6, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign && m.Status == MessageStatus.Held)));

        Assert.Equal("sending", (await PostAsync($"/api/v1/campaigns/{campaign}/resume")).GetProperty("status").GetString());
        Assert.Equal(6, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign && m.Status == MessageStatus.Queued)));

        // One is delivered by hand, as if its retry had just gone through; the cancel leaves it as it is.
        await _app.WithDbAsync(async db =>
        {
            var first = await db.Messages.Where(m => m.CampaignId == campaign).OrderBy(m => m.To).FirstAsync();
            await db.Messages.Where(m => m.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MessageStatus.Delivered));
            return first.Id;
        });
        Assert.Equal("cancelled", (await PostAsync($"/api/v1/campaigns/{campaign}/cancel")).GetProperty("status").GetString());
        var statuses = await _app.WithDbAsync(db => db.Messages.Where(m => m.CampaignId == campaign).GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(5, statuses.Single(s => s.Key == MessageStatus.Cancelled).Count);
        Assert.Equal(1, statuses.Single(s => s.Key == MessageStatus.Delivered).Count);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _api.PostAsync($"/api/v1/campaigns/{campaign}/resume", null)).StatusCode);
    }

    [Fact]
    public async Task ABadReputation_PausesASendingCampaign_SayingWhy_AndQueuesNothingMore()
    {
        await _app.DisposeAsync();
        _app = new SmartSenderApp();
        _app.Settings["Quota:Normal:DailyLimit"] = "1000";
        _app.Settings["Quota:Normal:PerSecond"] = "1";
        _app.Settings["Database:CacheTime"] = "00:00:00";
        await StartAsync();
        await ContactsAsync(8);
        var campaign = await CampaignAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { })).StatusCode);

        // One message a second: the account turns Bad while most are still to be queued.
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.Select(c => c.Queued).SingleAsync()), q => q >= 1);
        await _app.WithDbAsync(db => db.Accounts.ExecuteUpdateAsync(u => u.SetProperty(a => a.Reputation, SmartSender.Core.Accounts.ReputationLevel.Bad)));

        var paused = await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync()), c => c.Status == CampaignStatus.Paused);
        Assert.StartsWith("Sending is paused: the account's reputation is Bad.", paused.PausedBecause);
        Assert.InRange(paused.Queued, 1, 7);
        Assert.Equal(paused.Queued, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign)));
        Assert.Equal(8 - paused.Queued, await _app.WithDbAsync(db => db.CampaignRecipients.CountAsync(r => r.CampaignId == campaign && !r.Done)));
    }

    [Fact]
    public async Task ARunAfterACrash_GoesOnWhereTheWritesStopped_AndSendsNoContactTwice()
    {
        await ContactsAsync(3);
        var campaign = await CampaignAsync();
        Assert.Equal(HttpStatusCode.OK, (await _api.PostAsJsonAsync($"/api/v1/campaigns/{campaign}/send", new { })).StatusCode);
        await Eventually.ReturnsAsync(() => _app.WithDbAsync(db => db.Campaigns.Select(c => c.Status).SingleAsync()), s => s == CampaignStatus.Sent);

        // As if the process had died twice over: once while writing the recipients (the last one and the count never
        // written), once between storing a message and marking its recipient (the first one).
        await _app.WithDbAsync(async db =>
        {
            var rows = await db.CampaignRecipients.Where(r => r.CampaignId == campaign).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
            var (first, last) = (rows[0], rows[^1]);
            await db.CampaignRecipients.Where(r => r.Id == last).ExecuteDeleteAsync();
            await db.CampaignRecipients.Where(r => r.Id == first).ExecuteUpdateAsync(u => u.SetProperty(r => r.Done, false).SetProperty(r => r.MessageId, (Guid?)null));
            return await db.Campaigns.Where(c => c.Id == campaign).ExecuteUpdateAsync(u => u
                .SetProperty(c => c.Status, CampaignStatus.Sending).SetProperty(c => c.Recipients, 0).SetProperty(c => c.Queued, 1));
        });

        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(_app.Services))
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CampaignSender>(scope.ServiceProvider)
                .RunAsync(campaign, CancellationToken.None);
        }

        var done = await _app.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync());
        Assert.Equal((CampaignStatus.Sent, 3, 3), (done.Status, done.Recipients, done.Queued));
        Assert.Equal(3, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.CampaignId == campaign)));
        var recipients = await _app.WithDbAsync(db => db.CampaignRecipients.Where(r => r.CampaignId == campaign).ToListAsync());
        Assert.Equal(3, recipients.Count);
        Assert.All(recipients, r => Assert.True(r.Done && r.MessageId is not null, r.Email));
        Assert.Equal(3, recipients.Select(r => r.MessageId).Distinct().Count());
    }

    private async Task StartAsync()
    {
        var account = (await _app.CreateAdminAsync()).Id;
        await _app.VerifyDomainAsync(account, "shop.test");
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(account));
        _list = (await (await _api.PostAsJsonAsync("/api/v1/lists", new { name = "Customers" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        _template = (await (await _api.PostAsJsonAsync("/api/v1/templates", new { name = "news", subject = "News for {{ name }}", text = "Hello {{ name }}" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task ContactsAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            var added = await _api.PostAsJsonAsync("/api/v1/contacts", new { email = $"c{i}@example.test", name = $"C{i}", list_ids = new[] { _list } });
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }
    }

    private async Task<Guid> CampaignAsync()
    {
        var created = await _api.PostAsJsonAsync("/api/v1/campaigns", new { name = "News", template_id = _template, list_id = _list, from = "news@shop.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> PostAsync(string path)
    {
        var response = await _api.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
