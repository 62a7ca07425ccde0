using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Replies;
using SmartSender.Core.Instances;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// Two instances' lane registries on one PostgreSQL database: one sends on a lane at a time, the other waits for
/// the lease; when the holder dies its lease lapses and the other takes the lane over with the holder's counts and
/// pause, so the two together never exceed what the lane allows.
/// </summary>
public sealed class LaneLeaseTests : IAsyncLifetime
{
    private static readonly LaneKey Gmail = new("127.0.0.2", "Gmail");
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
    private static readonly LaneKey Outlook = new("127.0.0.2", "Outlook");
    private static readonly LaneKey Yahoo = new("127.0.0.2", "Yahoo");
    private readonly LaneOptions _limits = new()
    {
        Providers = new()
        {
            ["Gmail"] = new LaneLimits { PerHour = 6, PerDay = 100 },
            ["Outlook"] = new LaneLimits { PerHour = 360_000, PerDay = 1_000_000 },
            ["Yahoo"] = new LaneLimits { PerHour = 360_000, PerDay = 1_000_000 },
        },
    };

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task OneInstanceSendsOnALane_TheOtherWaits_AndTakesOverWithItsCountsWhenTheLeaseLapses()
    {
        var a = Registry("instance-a");
        var b = Registry("instance-b");

        var byA = new List<LaneDecision>();
        for (var i = 0; i < 4; i++)
        {
            byA.Add(await a.AcquireAsync(Gmail));
        }

        var whileAHolds = await b.AcquireAsync(Gmail);
        _clock.Now = _clock.Now.AddMinutes(5); // A died: its lease (30 s) lapsed, the hour goes on
        var byB = new List<LaneDecision>();
        for (var i = 0; i < 4; i++)
        {
            byB.Add(await b.AcquireAsync(Gmail));
            _clock.Now = _clock.Now.AddMinutes(2);
        }

        Assert.True(byA.Count(d => d.Allowed) >= 1);
        Assert.False(whileAHolds.Allowed);
        Assert.Contains("in use by instance instance-a", whileAHolds.Reason);
        Assert.True(byA.Count(d => d.Allowed) + byB.Count(d => d.Allowed) <= 6, "the two instances together sent more than the lane's hourly limit");
        var saved = Assert.Single(await b.ListAsync());
        Assert.Equal(byA.Count(d => d.Allowed) + byB.Count(d => d.Allowed), saved.SentThisHour);
    }

    [SkippableFact]
    public async Task APauseSetByOneInstance_HoldsForTheNext()
    {
        var a = Registry("instance-a");
        var b = Registry("instance-b");
        Assert.True((await a.AcquireAsync(Gmail)).Allowed);
        await a.RecordAsync(Gmail, ReplyClassifier.Default.Classify(421, "4.7.28 Our system has detected an unusual rate of unsolicited mail"));

        _clock.Now = _clock.Now.AddSeconds(31);
        var byB = await b.AcquireAsync(Gmail);

        Assert.False(byB.Allowed);
        Assert.DoesNotContain("in use by", byB.Reason);
        Assert.True(byB.WaitUntil > _clock.Now.UtcDateTime);
    }

    [SkippableFact]
    public async Task ALeaseGivenBack_IsTakenAtOnceByTheOther_WithTheStateItLeft()
    {
        var a = Registry("instance-a");
        var b = Registry("instance-b");
        Assert.True((await a.AcquireAsync(Gmail)).Allowed);

        await a.ReleaseLeasesAsync();
        var byB = await b.AcquireAsync(Gmail);
        var byA = await a.AcquireAsync(Gmail);

        Assert.False(byB.Allowed); // the token A spent is spent for B too: it waits for the rate, not for a lease
        Assert.DoesNotContain("in use by", byB.Reason);
        Assert.Contains("in use by instance instance-b", byA.Reason);
    }

    [SkippableFact]
    public async Task AnInstanceHoldingMoreThanItsShareOfLanes_HandsOneToTheLiveInstanceWithFewer_WhenItRenews()
    {
        await HeartbeatsAsync(("instance-a", "Dashboard, Api, Delivery"), ("instance-b", "Delivery"), ("instance-c", "Api"));
        var a = Registry("instance-a");
        var b = Registry("instance-b");
        Assert.True((await a.AcquireAsync(Outlook)).Allowed);
        Assert.True((await a.AcquireAsync(Yahoo)).Allowed);

        _clock.Now = _clock.Now.AddSeconds(11); // the leases are due for renewal
        var renewingOutlook = await a.AcquireAsync(Outlook);
        var renewingYahoo = await a.AcquireAsync(Yahoo);
        var byB = await b.AcquireAsync(Outlook);

        // Two lanes, two instances that deliver (C only takes mail): one lane each.
        Assert.False(renewingOutlook.Allowed);
        Assert.Contains("in use by instance instance-b", renewingOutlook.Reason);
        Assert.True(renewingYahoo.Allowed);
        Assert.True(byB.Allowed);
        var outlook = Assert.Single(await b.ListAsync(), l => l.Provider == "Outlook");
        Assert.Equal(2, outlook.SentThisHour); // B counts on from what A sent
    }

    [SkippableFact]
    public async Task AnInstanceCarryingMoreOfTheMail_HandsALightLaneToTheOther_AndKeepsItsHeavyOne()
    {
        await HeartbeatsAsync(("instance-a", "Delivery"), ("instance-b", "Delivery"));
        var a = Registry("instance-a");
        var b = Registry("instance-b");
        Assert.True((await a.AcquireAsync(Outlook)).Allowed);
        Assert.True((await a.AcquireAsync(Yahoo)).Allowed);
        Assert.True((await b.AcquireAsync(Gmail)).Allowed);
        await SentTodayAsync((Outlook, 900), (Yahoo, 50), (Gmail, 100)); // A carries most of the mail, in two lanes to B's one

        _clock.Now = _clock.Now.AddSeconds(11);
        var renewingYahoo = await a.AcquireAsync(Yahoo);
        var renewingOutlook = await a.AcquireAsync(Outlook);

        Assert.False(renewingYahoo.Allowed);
        Assert.Contains("in use by instance instance-b", renewingYahoo.Reason);
        Assert.True(renewingOutlook.Allowed); // moved to B, Outlook would leave B with more than A has now
    }

    [SkippableFact]
    public async Task AnInstanceKeepsItsLanes_WhenNoOtherInstanceThatDelivers_IsAlive()
    {
        await HeartbeatsAsync(("instance-a", "Delivery"), ("instance-c", "Api, Dashboard"));
        await using (var db = _database.CreateContext())
        {
            db.Instances.Add(new InstanceRecord { Name = "instance-b", Roles = "Delivery", StartedAt = _clock.Now.UtcDateTime.AddHours(-1), LastSeenAt = _clock.Now.UtcDateTime.AddMinutes(-5) });
            await db.SaveChangesAsync();
        }

        var a = Registry("instance-a");
        Assert.True((await a.AcquireAsync(Outlook)).Allowed);
        Assert.True((await a.AcquireAsync(Yahoo)).Allowed);

        _clock.Now = _clock.Now.AddSeconds(11);

        Assert.True((await a.AcquireAsync(Outlook)).Allowed);
        Assert.True((await a.AcquireAsync(Yahoo)).Allowed);
    }

    private async Task HeartbeatsAsync(params (string Name, string Roles)[] instances)
    {
        await using var db = _database.CreateContext();
        db.Instances.AddRange(instances.Select(i => new InstanceRecord { Name = i.Name, Roles = i.Roles, StartedAt = _clock.Now.UtcDateTime, LastSeenAt = _clock.Now.UtcDateTime }));
        await db.SaveChangesAsync();
    }

    private async Task SentTodayAsync(params (LaneKey Lane, int Sent)[] lanes)
    {
        await using var db = _database.CreateContext();
        foreach (var (lane, sent) in lanes)
        {
            await db.Lanes.Where(l => l.SendingIp == lane.SendingIp && l.Provider == lane.Provider).ExecuteUpdateAsync(u => u.SetProperty(l => l.SentToday, sent));
        }
    }

    private LaneRegistry Registry(string instance) => new(
        _database.CreateFactory(), Options.Create(_limits), _clock, Options.Create(new DeliveryOptions { InstanceName = instance }));
}
