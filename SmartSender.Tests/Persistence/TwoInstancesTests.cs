using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Instances;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

/// <summary>
/// Two instances on one PostgreSQL database with different roles: A takes the API and the jobs, B delivers. Mail
/// accepted by A is delivered by B, woken at once and signed with the DKIM key A protected (one key ring in the
/// database); what A protects B reads; a key A revokes is refused by B; both show on the Instances page's list; an
/// account's per-second limit holds for both together.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);

    // The per-second limit's clock alone; everything else runs on real time.
    private readonly FakeTimeProvider _rateClock = new(DateTimeOffset.UtcNow);
    private SmartSenderApp? _a;
    private SmartSenderApp? _b;
    private Guid _accountId;
    private string _key = "";

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _a = Instance("instance-a", InstanceRole.Dashboard, InstanceRole.Api, InstanceRole.Jobs);
        _b = Instance("instance-b", InstanceRole.Api, InstanceRole.Delivery);
        _a.StartKestrel();
        _b.StartKestrel();
        _accountId = (await _a.CreateAdminAsync()).Id;
        _key = await _a.CreateApiKeyAsync(_accountId);
        await _a.VerifyDomainAsync(_accountId, "shop.test");
    }

    public async Task DisposeAsync()
    {
        foreach (var app in new[] { _a, _b })
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }

        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task MailAcceptedByTheApiInstance_IsDeliveredAndSignedByTheDeliveryInstance()
    {
        using var api = _a!.CreateApiClient(_key);

        var sent = await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "ann@example.test", subject = "Receipt", text = "Total 12.00" });
        var received = await _b!.Smtp.NextAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(), received.Headers["X-SmartSender-Message-Id"]);
        Assert.Contains("d=shop.test", received.Headers["DKIM-Signature"]);
        Assert.Equal(Core.Messages.MessageStatus.Delivered, await Eventually.ReturnsAsync(
            async () => { await using var db = _database.CreateContext(); return await db.Messages.Select(m => m.Status).SingleAsync(); },
            s => s == Core.Messages.MessageStatus.Delivered));
    }

    [SkippableFact]
    public async Task WhatOneInstanceProtects_TheOtherReads_AndAKeyRevokedOnOneIsRefusedByTheOther()
    {
        var cookie = _a!.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("ann@shop.test");
        using var onB = _b!.CreateApiClient(_key);
        // The first use writes the key's last use (and so reads it again); the second is served from B's cache.
        await onB.GetAsync("/api/v1/suppressions");
        var before = await onB.GetAsync("/api/v1/suppressions");

        await using (var scope = _a.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            var key = Assert.Single(await keys.ListAsync(_accountId));
            Assert.True((await keys.RevokeAsync(_accountId, key.Id)).Succeeded);
        }

        var after = await Eventually.ReturnsAsync(() => onB.GetAsync("/api/v1/suppressions"), r => r.StatusCode == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(1));

        Assert.Equal("ann@shop.test", _b.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [SkippableFact]
    public async Task BadKeysGivenToOneInstance_CountTowardTheLimitOnTheOther()
    {
        using var badOnA = _a!.CreateApiClient("ss_not-a-key");
        using var badOnB = _b!.CreateApiClient("ss_not-a-key-either");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await badOnA.GetAsync("/api/v1/suppressions")).StatusCode);
        }

        // B is asked nothing until A's failures reached it: its first answer is already the refusal.
        var failuresOnB = _b.Services.GetRequiredService<SmartSender.Web.Auth.FailedKeyAttempts>();
        await Eventually.ReturnsAsync(() => Task.FromResult(failuresOnB.Blocked(IPAddress.Loopback)), wait => wait is not null, TimeSpan.FromSeconds(1));
        var onB = await badOnB.GetAsync("/api/v1/suppressions");

        Assert.Equal(HttpStatusCode.TooManyRequests, onB.StatusCode);
    }

    [SkippableFact]
    public async Task BothInstances_AreListedAliveWithTheirRoles()
    {
        var instances = await Eventually.ReturnsAsync(
            async () =>
            {
                await _a!.Services.GetRequiredService<InstanceHeartbeat>().BeatAsync(DateTime.UtcNow);
                await _b!.Services.GetRequiredService<InstanceHeartbeat>().BeatAsync(DateTime.UtcNow);
                return await _a.Services.GetRequiredService<InstanceDirectory>().ListAsync();
            },
            list => list.Any(i => i.Activity == "waiting for mail"),
            TimeSpan.FromSeconds(10));

        Assert.Equal(
            [("instance-a", "Dashboard, Api, Jobs", true, (string?)null), ("instance-b", "Api, Delivery", true, "waiting for mail")],
            instances.Select(i => (i.Name, i.Roles, i.Alive, i.Activity)));
    }

    [SkippableFact]
    public async Task TwoInstancesTakingMail_ShareAnAccountsPerSecondLimit()
    {
        foreach (var app in new[] { _a!, _b! })
        {
            await app.Services.GetRequiredService<InstanceHeartbeat>().BeatAsync(DateTime.UtcNow);
        }

        await _a!.Services.GetRequiredService<InstanceHeartbeat>().RecountAsync();
        using var onA = _a.CreateApiClient(_key);
        using var onB = _b!.CreateApiClient(_key);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            foreach (var api in new[] { onA, onB })
            {
                answers.Add((await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = $"r{answers.Count}@example.test", subject = "Hi", text = "Hello" })).StatusCode);
            }
        }

        var accepted = answers.Count(a => a == HttpStatusCode.Accepted);
        _rateClock.Advance(TimeSpan.FromSeconds(1));
        var aSecondLater = new[] { await SendAsync(onA), await SendAsync(onB), await SendAsync(onA), await SendAsync(onB), await SendAsync(onA) };

        Assert.Equal(2, _a.Services.GetRequiredService<InstancePeers>().Accepting);
        Assert.Equal(2, _b.Services.GetRequiredService<InstancePeers>().Accepting);
        Assert.All(answers, a => Assert.Contains(a, new[] { HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }));

        // 4 a second between them, on a clock that stands still: a second's worth at once (2 on each), then nothing
        // until a second has passed, when each has its share again.
        Assert.Equal(PerSecond, accepted);
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], aSecondLater);
    }

    private const int PerSecond = 4;

    private static async Task<HttpStatusCode> SendAsync(HttpClient api) =>
        (await api.PostAsJsonAsync("/api/v1/messages", new { from = "orders@shop.test", to = "later@example.test", subject = "Hi", text = "Hello" })).StatusCode;

    private SmartSenderApp Instance(string name, params InstanceRole[] roles)
    {
        var app = new SmartSenderApp(kestrel: true, database: _database);
        app.Settings["Delivery:InstanceName"] = name;
        app.Settings["ApiKeys:MaxFailures"] = "3";
        app.Settings["Quota:Normal:PerSecond"] = PerSecond.ToString();
        app.Replace = services => services.AddSingleton(sp => new SendRateLimiter(_rateClock, sp.GetRequiredService<InstancePeers>()));
        for (var i = 0; i < roles.Length; i++)
        {
            app.Settings[$"Instance:Roles:{i}"] = roles[i].ToString();
        }

        return app;
    }
}
