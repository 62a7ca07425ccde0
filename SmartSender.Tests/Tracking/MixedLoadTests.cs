using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Tracking;

/// <summary>
/// A minute of everything at once on one SQLite file: API sends, opens and clicks, RFC 8058 one-click unsubscribes and
/// DSNs at the inbound listener. Every hit, unsubscribe and report answered must be in the database at the end, and
/// every unsubscribe must be answered 200 (how long they took is printed; speed is the benchmarks' business).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class MixedLoadTests : IAsyncLifetime
{
    private const int Seeded = 120;
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(60);
    private readonly SmartSenderApp _app = new(kestrel: true);
    private HttpClient _api = default!;
    private HttpClient _otherApi = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        _app.Settings["Quota:Normal:PerSecond"] = "0";
        _app.StartKestrel();
        _accountId = (await _app.CreateAdminAsync()).Id;
        _api = _app.CreateApiClient(await _app.CreateApiKeyAsync(_accountId));
        await _app.VerifyDomainAsync(_accountId, "shop.test");

        // API sends come from another account, whose reputation the unsubscribes and bounces below leave alone.
        var other = (await _app.CreateCustomerUserAsync("ops@mail.test", "Customer-Password-1")).AccountId;
        _otherApi = _app.CreateApiClient(await _app.CreateApiKeyAsync(other));
        await _app.VerifyDomainAsync(other, "mail.test");
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _otherApi.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AMinuteOfSendsHitsUnsubscribesAndDsns_EveryOneIsStored_AndUnsubscribesAnswerWithinASecond()
    {
        var seeded = await SeedAsync();
        var opens = 0;
        var clicks = 0;
        var sends = 0;
        var unsubscribed = new ConcurrentBag<(int Status, TimeSpan Took)>();
        var bounced = 0;
        using var stop = new CancellationTokenSource(Length);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _app.Address };

        var senders = Enumerable.Range(0, 2).Select(s => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await _otherApi.PostAsJsonAsync("/api/v1/messages", new { from = "orders@mail.test", to = $"load{s}-{i}@example.test", subject = "Load", text = "t" });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                Interlocked.Increment(ref sends);
            }
        }));
        var hitters = Enumerable.Range(0, 4).Select(h => Task.Run(async () =>
        {
            for (var i = h; !stop.IsCancellationRequested; i += 4)
            {
                var token = seeded[i % Seeded].Token;
                Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/o/{token}.gif")).StatusCode);
                Interlocked.Increment(ref opens);
                Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/c/{token}/0")).StatusCode);
                Interlocked.Increment(ref clicks);
            }
        }));

        // Paced so that both run through the whole minute: a step every half second.
        var unsubscribes = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            for (var i = 0; i < Seeded && await pace.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.Status == TaskStatus.RanToCompletion); i += 2)
            {
                var took = Stopwatch.StartNew();
                var response = await anonymous.PostAsync($"/u/{seeded[i].Token}", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
                unsubscribed.Add(((int)response.StatusCode, took.Elapsed));
            }
        });
        var dsns = Task.Run(async () =>
        {
            using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            for (var i = 1; i < Seeded && await pace.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.Status == TaskStatus.RanToCompletion); i += 2)
            {
                var (_, received) = seeded[i];
                await Reports.SendAsync(Reports.Dsn(received, received.To.Mailboxes.Single().Address, "4.2.2", "smtp; 452 4.2.2 Mailbox full"),
                    _app.InboundPort, _app.Smtp.EnvelopeFromOf(received));
                Interlocked.Increment(ref bounced);
            }
        });
        await Task.WhenAll([.. senders, .. hitters, unsubscribes, dsns]);

        await _app.Services.GetRequiredService<TrackingEvents>().FlushAsync();
        var stored = await _app.WithDbAsync(db => db.MessageEvents.Where(e => e.Source == EventSource.Tracking || e.Source == EventSource.Dsn)
            .GroupBy(e => e.Type).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Console.WriteLine($"mixed load: {sends} sends, {opens} opens, {clicks} clicks, {unsubscribed.Count} unsubscribes " +
            $"(slowest {unsubscribed.Max(u => u.Took.TotalMilliseconds):F0} ms), {bounced} DSNs in {Length.TotalSeconds:F0} s");
        Assert.All(unsubscribed, u => Assert.Equal(200, u.Status));
        Assert.True(unsubscribed.Count >= 50 && bounced >= 50, $"{unsubscribed.Count} unsubscribes and {bounced} DSNs: the minute was not used");
        Assert.Equal(opens, stored.GetValueOrDefault(MessageEventType.Opened));
        Assert.Equal(clicks, stored.GetValueOrDefault(MessageEventType.Clicked));
        Assert.Equal(unsubscribed.Count, stored.GetValueOrDefault(MessageEventType.Unsubscribed));
        Assert.Equal(bounced, stored.GetValueOrDefault(MessageEventType.SoftBounced));
        Assert.Equal(sends + Seeded, await _app.WithDbAsync(db => db.Messages.CountAsync()));
    }

    /// <summary>Marketing messages with a tracked link, delivered, each with its token and the copy the sink received.</summary>
    private async Task<List<(string Token, MimeKit.MimeMessage Received)>> SeedAsync()
    {
        for (var i = 0; i < Seeded; i++)
        {
            var response = await _api.PostAsJsonAsync("/api/v1/messages", new
            {
                from = "news@shop.test", to = $"reader{i}@example.test", subject = $"News {i}", stream = "marketing",
                html = "<p>New in: <a href=\"https://shop.test/new\">see it</a></p>", text = "New in.",
            });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var received = new List<MimeKit.MimeMessage>();
        for (var i = 0; i < Seeded; i++)
        {
            received.Add(await _app.Smtp.NextAsync());
        }

        var tokens = await _app.WithDbAsync(db => db.Messages.ToDictionaryAsync(m => m.Id.ToString(), m => m.Token!));
        return [.. received.OrderBy(r => r.Subject, StringComparer.Ordinal).Select(r => (tokens[r.Headers["X-SmartSender-Message-Id"]!], r))];
    }
}
