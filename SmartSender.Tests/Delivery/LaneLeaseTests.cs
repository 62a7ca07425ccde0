using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Replies;
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
    private readonly LaneOptions _limits = new() { Providers = new() { ["Gmail"] = new LaneLimits { PerHour = 6, PerDay = 100 } } };

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

    private LaneRegistry Registry(string instance) => new(
        _database.CreateFactory(), Options.Create(_limits), _clock, Options.Create(new DeliveryOptions { InstanceName = instance }));
}
