using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Tests.Delivery;

public class LaneTests
{
    private static readonly DateTime Start = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
    private readonly LaneOptions _options = new();
    private readonly LaneLimits _limits = new() { PerHour = 3_600, PerDay = 50_000 };
    private readonly Lane _lane = new(new LaneKey("192.0.2.10", "Gmail"), 3_600, Start);

    private static ReplyVerdict Throttle => ReplyClassifier.Default.Classify(421, "4.7.28 unusual rate of unsolicited mail");

    [Fact]
    public void AtFullRate_SendsOnePerSecond_AfterTheFirstMinutesBurst()
    {
        var sent = Enumerable.Range(0, 100).Count(_ => _lane.TryAcquire(Start, _limits, _options, null).Allowed);

        Assert.Equal(60, sent);
        var next = _lane.TryAcquire(Start, _limits, _options, null);
        Assert.False(next.Allowed);
        Assert.Equal(Start.AddSeconds(1), next.WaitUntil!.Value, TimeSpan.FromMilliseconds(5));
        Assert.True(_lane.TryAcquire(Start.AddSeconds(1), _limits, _options, null).Allowed);
    }

    [Fact]
    public void SlowDownReply_HalvesTheRate_AndPausesTheLane_LongerEachTime()
    {
        _lane.RecordDeferred(Throttle, Start, _options);

        Assert.Equal(1_800, _lane.CurrentPerHour);
        Assert.Equal(Start.AddMinutes(1), _lane.PausedUntil);
        Assert.Equal("gmail-rate-limit", _lane.LastRule);
        var waiting = _lane.TryAcquire(Start.AddSeconds(30), _limits, _options, null);
        Assert.False(waiting.Allowed);
        Assert.Equal(Start.AddMinutes(1), waiting.WaitUntil);

        _lane.RecordDeferred(Throttle, Start.AddMinutes(1), _options);
        Assert.Equal(900, _lane.CurrentPerHour);
        Assert.Equal(Start.AddMinutes(3), _lane.PausedUntil);
    }

    [Fact]
    public void ThrottledLane_NeverGoesBelowTheMinimum()
    {
        for (var i = 0; i < 20; i++)
        {
            _lane.RecordDeferred(Throttle, Start, _options);
        }

        Assert.Equal(_options.MinimumPerHour, _lane.CurrentPerHour);
        Assert.Equal(Start + _options.MaxBackoff, _lane.PausedUntil);
    }

    [Fact]
    public void CleanLane_ClimbsBackAdditively_TowardTheLimit()
    {
        _lane.RecordDeferred(Throttle, Start, _options);
        _lane.RecordDeferred(Throttle, Start, _options);
        Assert.Equal(900, _lane.CurrentPerHour);
        var pauseEnds = _lane.PausedUntil!.Value;

        _lane.TryAcquire(pauseEnds.AddMinutes(5), _limits, _options, null);
        Assert.Equal(900 + 360, _lane.CurrentPerHour, precision: 6);

        _lane.TryAcquire(pauseEnds.AddMinutes(35), _limits, _options, null);
        Assert.Equal(900 + 7 * 360, _lane.CurrentPerHour, precision: 6);

        _lane.TryAcquire(pauseEnds.AddMinutes(40), _limits, _options, null);
        Assert.Equal(3_600, _lane.CurrentPerHour);
    }

    [Fact]
    public void RecipientLevelDeferral_DoesNotSlowTheLane()
    {
        _lane.RecordDeferred(ReplyClassifier.Default.Classify(452, "4.2.2 The email account that you tried to reach is over quota."), Start, _options);

        Assert.Equal(3_600, _lane.CurrentPerHour);
        Assert.Null(_lane.PausedUntil);
    }

    [Fact]
    public void StopForAWhile_PausesForThePeriodTheRuleGives()
    {
        _lane.RecordDeferred(ReplyClassifier.Default.Classify(421, "4.7.1 [TS03] All messages from 192.0.2.10 will be permanently deferred"), Start, _options);

        Assert.Equal(Start.AddHours(4), _lane.PausedUntil);
        Assert.Equal(3_600, _lane.CurrentPerHour);
    }

    [Fact]
    public void HourlyAndDailyLimits_AndTheWarmUpCap_Hold()
    {
        var limits = new LaneLimits { PerHour = 5, PerDay = 8 };
        var lane = new Lane(new LaneKey("192.0.2.10", "Yahoo"), 5, Start);
        var clock = Start;
        var sent = 0;
        for (var i = 0; i < 100; i++, clock = clock.AddMinutes(1))
        {
            sent += lane.TryAcquire(clock, limits, _options, null).Allowed ? 1 : 0;
        }

        Assert.Equal(8, sent);
        var refused = lane.TryAcquire(clock, limits, _options, null);
        Assert.Equal(Start.Date.AddDays(1), refused.WaitUntil);

        var warming = new Lane(new LaneKey("192.0.2.11", "Yahoo"), 3_600, Start);
        Assert.Equal(3, Enumerable.Range(0, 10).Count(m => warming.TryAcquire(Start.AddMinutes(m), _limits, _options, warmUpCap: 3).Allowed));
        Assert.Contains("warm-up", warming.TryAcquire(Start.AddMinutes(11), _limits, _options, 3).Reason);
    }
}
