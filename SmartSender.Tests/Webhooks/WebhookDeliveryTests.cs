using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Domains;
using SmartSender.Core.Messages;
using SmartSender.Core.Webhooks;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Domains;
using SmartSender.Core.Common;

namespace SmartSender.Tests.Webhooks;

/// <summary>Events turned into signed posts to a real HTTP receiver on 127.0.0.1, verified there by an implementation of the spec of its own.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan[] Delays = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(4)];
    private readonly TestDatabase _database = new();
    private readonly WebhookReceiver _receiver = new();
    private readonly FixedClock _clock = new(DateTimeOffset.UtcNow);
    private ServiceProvider _services = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
        _services = _database.CreateServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton(Options.Create(new WebhookOptions { AllowLoopback = true, RetryDelays = [.. Delays], TimeoutSeconds = 5 }));
            s.AddSingleton<ISecretProtector>(new DataProtectionSecretProtector(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()));
            s.AddSingleton<Core.Dns.IDnsResolver>(new Core.Dns.DnsClientResolver(Options.Create(new Core.Dns.DnsOptions { Servers = ["127.0.0.1:9"], TimeoutMilliseconds = 200, Retries = 0 })));
            s.AddSingleton<WebhookUrlPolicy>();
            s.AddSingleton<WebhookEndpoints>();
            s.AddSingleton<WebhookDispatcher>();
            s.AddSingleton<WebhookSender>();
            s.AddTransient<WebhookJob>();
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Events_OfTheChosenTypes_ArePostedSigned_AndVerifyWithAnIndependentImplementation()
    {
        var endpoint = await AddEndpointAsync(MessageEventType.HardBounced, MessageEventType.Opened);
        var secret = await Endpoints.SecretAsync(_accountId, endpoint.Id);
        var messageId = await AddMessageWithEventsAsync(MessageEventType.Delivered, MessageEventType.Opened, MessageEventType.HardBounced);

        await RunJobAsync();

        var posts = _receiver.TakeAll();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.True(VerifiesIndependently(secret!, p), $"signature of {p.Id} does not verify"));
        var bodies = posts.Select(p => JsonDocument.Parse(p.Body).RootElement).ToList();
        Assert.Equal(["message.opened", "message.hard_bounced"], bodies.Select(b => b.GetProperty("type").GetString()));
        Assert.All(bodies, b => Assert.Equal(messageId, b.GetProperty("data").GetProperty("messageId").GetGuid()));
        Assert.Equal("ann@example.test", bodies[1].GetProperty("data").GetProperty("recipient").GetString());
        Assert.Equal(posts.Count, posts.Select(p => p.Id).Distinct().Count());
        Assert.All(await DeliveriesAsync(), d => Assert.Equal((WebhookDeliveryState.Delivered, 200, 1), (d.State, d.LastStatusCode, d.Attempts)));

        await RunJobAsync();
        Assert.Empty(_receiver.TakeAll());
    }

    [Fact]
    public async Task FailedPost_IsRetriedAfterTheNextDelay_WithTheSameWebhookId()
    {
        await AddEndpointAsync(MessageEventType.HardBounced);
        await AddMessageWithEventsAsync(MessageEventType.HardBounced);
        _receiver.AnswerNext(503);

        await RunJobAsync();
        _clock.Now += TimeSpan.FromSeconds(59);
        await RunJobAsync();
        var early = _receiver.TakeAll();
        _clock.Now += TimeSpan.FromSeconds(1);
        await RunJobAsync();
        var retried = _receiver.TakeAll();

        Assert.Equal(503, Assert.Single(early).AnsweredWith);
        Assert.Equal(early[0].Id, Assert.Single(retried).Id);
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((WebhookDeliveryState.Delivered, 2), (delivery.State, delivery.Attempts));
    }

    [Fact]
    public async Task ARetriedEvent_ArrivesAfterALaterOne_WithItsSequence_AndKeepsTheFailureTextAfterItsSuccess()
    {
        await AddEndpointAsync(MessageEventType.SoftBounced, MessageEventType.HardBounced);
        await AddMessageWithEventsAsync(MessageEventType.SoftBounced);
        _receiver.AnswerNext(503);
        await RunJobAsync();
        await AddMessageWithEventsAsync(MessageEventType.HardBounced);
        await RunJobAsync();
        _clock.Now += Delays[0];
        await RunJobAsync();

        var posts = _receiver.TakeAll().Select(p => (p.AnsweredWith, Body: JsonDocument.Parse(p.Body).RootElement)).ToList();
        Assert.Equal([(503, "message.soft_bounced"), (200, "message.hard_bounced"), (200, "message.soft_bounced")],
            posts.Select(p => (p.AnsweredWith, p.Body.GetProperty("type").GetString())));
        var sequences = posts.Select(p => p.Body.GetProperty("sequence").GetInt64()).ToList();
        Assert.True(sequences[2] < sequences[1], "the event recorded first has the lower sequence, though it arrived last");
        Assert.Equal(sequences[0], sequences[2]);

        var retried = (await DeliveriesAsync()).Single(d => d.EventType == nameof(MessageEventType.SoftBounced));
        Assert.Equal((WebhookDeliveryState.Delivered, 2, 200), (retried.State, retried.Attempts, retried.LastStatusCode));
        Assert.Contains("503", retried.LastError);
    }

    [Fact]
    public async Task EndpointThatFailsEveryTry_GetsSevenTriesOverHours_ThenIsMarkedFailing_AndAResendWorks()
    {
        var endpoint = await AddEndpointAsync(MessageEventType.HardBounced);
        await AddMessageWithEventsAsync(MessageEventType.HardBounced);
        _receiver.AnswerNext(302, times: 7, location: "http://169.254.169.254/latest/meta-data");
        var start = _clock.Now;

        await RunJobAsync();
        foreach (var delay in Delays)
        {
            _clock.Now += delay;
            await RunJobAsync();
        }

        var tries = _receiver.TakeAll();
        Assert.Equal(7, tries.Count);
        Assert.True(_clock.Now - start >= TimeSpan.FromHours(7), "the tries span several hours");
        var delivery = Assert.Single(await DeliveriesAsync());
        Assert.Equal((WebhookDeliveryState.Failed, 7, 302), (delivery.State, delivery.Attempts, delivery.LastStatusCode));
        Assert.Contains("not followed", delivery.LastError);
        var failing = Assert.Single(await Endpoints.ListAsync(_accountId));
        Assert.Equal(WebhookStatus.Failing, failing.Status);

        Assert.NotNull(await Endpoints.ResendAsync(_accountId, delivery.Id));
        Assert.Null(await Endpoints.ResendAsync(Guid.NewGuid(), delivery.Id));
        await RunJobAsync();

        Assert.Equal(200, Assert.Single(_receiver.TakeAll()).AnsweredWith);
        Assert.Equal(WebhookStatus.Active, Assert.Single(await Endpoints.ListAsync(_accountId)).Status);
        Assert.Equal(endpoint.Id, failing.Id);
    }

    [Theory]
    [InlineData("https://10.0.0.5/hooks", "private")]
    [InlineData("https://169.254.169.254/latest", "link-local")]
    [InlineData("https://[::1]/hooks", "loopback")]
    [InlineData("https://[64:ff9b::7f00:1]/hooks", "loopback")]
    [InlineData("https://[2002:7f00:1::]/hooks", "loopback")]
    [InlineData("https://[::127.0.0.1]/hooks", "loopback")]
    [InlineData("https://[::ffff:0:7f00:1]/hooks", "loopback")]
    [InlineData("https://[2001:0:5ef5:79fd:0:0:f5ff:fffe]/hooks", "private")]
    [InlineData("ftp://example.com/hooks", "absolute https URL")]
    [InlineData("http://93.184.216.34/hooks", "must use https")]
    public async Task Add_RefusesUrlsThatAreNotPublicHttps(string url, string said)
    {
        var policy = new WebhookUrlPolicy(Options.Create(new WebhookOptions { AllowLoopback = false }), _services.GetRequiredService<Core.Dns.IDnsResolver>());
        var endpoints = new WebhookEndpoints(_database.CreateFactory(), policy, _services.GetRequiredService<ISecretProtector>(), _clock);

        var added = await endpoints.AddAsync(_accountId, url, [MessageEventType.HardBounced]);

        Assert.Contains(said, Assert.Single(added.Errors).Message);
        Assert.Empty(await endpoints.ListAsync(_accountId));
    }

    private WebhookEndpoints Endpoints => _services.GetRequiredService<WebhookEndpoints>();

    private async Task<WebhookEndpoint> AddEndpointAsync(params MessageEventType[] types)
    {
        var added = await Endpoints.AddAsync(_accountId, _receiver.Url, types);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Message)));
        return added.Value!;
    }

    private async Task<Guid> AddMessageWithEventsAsync(params MessageEventType[] types)
    {
        await using var db = _database.CreateContext();
        var message = new MessageBuilder().For(_accountId).QueuedAt(_clock.Now.UtcDateTime).Build();
        db.Messages.Add(message);
        foreach (var type in types)
        {
            message.RecordFeedback(type, EventSource.Dsn, $"{type} evidence", _clock.Now.UtcDateTime);
        }

        await db.SaveChangesAsync();
        return message.Id;
    }

    private Task RunJobAsync() => _services.GetRequiredService<WebhookJob>().RunAsync(CancellationToken.None);

    private async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = _database.CreateContext();
        return await db.WebhookDeliveries.AsNoTracking().ToListAsync();
    }

    /// <summary>Standard Webhooks verification written from the spec, sharing no code with SmartSender's signer.</summary>
    private static bool VerifiesIndependently(string secret, ReceivedWebhook post)
    {
        var key = Convert.FromBase64String(secret.Split('_', 2)[1]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{post.Id}.{post.Timestamp}.{post.Body}")));
        var fresh = Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(post.Timestamp!)) < 24 * 3600;
        return fresh && post.Signature!.Split(' ').Any(s => s == "v1," + expected);
    }
}
