using SmartSender.Core.Delivery.Replies;

namespace SmartSender.Core.Delivery.Lanes;

/// <summary>
/// The state of one lane (sending IP × provider). Its rate starts at the configured limit; a "slow down" reply cuts it
/// (× <see cref="LaneOptions.DecreaseFactor"/>) and pauses the lane for a back-off that doubles while deferrals go on;
/// a clean lane climbs back by a step of the limit every <see cref="LaneOptions.RecoveryInterval"/> (AIMD). A
/// "stop for a while" reply pauses it for the period it names. Messages leave at the rate through a token bucket
/// holding at most a minute's worth, within the hourly, daily and warm-up caps.
/// </summary>
public class Lane
{
    private Lane()
    {
    }

    public Lane(LaneKey key, int limitPerHour, DateTime now)
    {
        SendingIp = key.SendingIp;
        Provider = key.Provider;
        CurrentPerHour = limitPerHour;
        LimitPerHour = limitPerHour;
        CreatedAt = LastChangeAt = TokensAt = now;
        Tokens = Math.Max(1, limitPerHour / 60.0);
    }

    public string SendingIp { get; private set; } = "";

    /// <summary>The instance that may send on this lane until <see cref="LeaseUntil"/> (several instances on PostgreSQL).</summary>
    public string? LeaseOwner { get; private set; }

    public DateTime? LeaseUntil { get; private set; }

    public string Provider { get; private set; } = "";

    public LaneKey Key => new(SendingIp, Provider);

    /// <summary>The configured hourly limit when last used.</summary>
    public int LimitPerHour { get; private set; }

    /// <summary>The rate the lane sends at now, in messages per hour.</summary>
    public double CurrentPerHour { get; private set; }

    public DateTime? PausedUntil { get; private set; }

    public int ConsecutiveDeferrals { get; private set; }

    public DateTime? LastDeferralAt { get; private set; }

    public string? LastDeferral { get; private set; }

    /// <summary>The reply rule the last deferral matched.</summary>
    public string? LastRule { get; private set; }

    public DateTime LastChangeAt { get; private set; }

    public double Tokens { get; private set; }

    public DateTime TokensAt { get; private set; }

    public DateTime DayStart { get; private set; }

    public int SentToday { get; private set; }

    public DateTime HourStart { get; private set; }

    public int SentThisHour { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    /// <summary>
    /// How many more messages, up to <paramref name="wanted"/>, the lane could send right after the one it just let go
    /// without waiting: what its tokens and its hourly and daily room allow.
    /// </summary>
    public int RoomAhead(LaneLimits limits, int? warmUpCap, int wanted)
    {
        var dayCap = Math.Min(limits.PerDay, warmUpCap ?? int.MaxValue);
        var room = Math.Min(Math.Min((long)Math.Floor(Tokens), limits.PerHour - SentThisHour), dayCap - SentToday);
        return (int)Math.Clamp(room, 0, Math.Max(0, wanted));
    }

    /// <summary>
    /// A copy of this state as if <paramref name="count"/> more messages had been sent: what is saved while they are
    /// counted ahead, so whoever reads it after this instance dies counts them whether they were sent or not.
    /// </summary>
    public Lane WithSendsAhead(int count)
    {
        var copy = (Lane)MemberwiseClone();
        copy.Tokens -= count;
        copy.SentToday += count;
        copy.SentThisHour += count;
        return copy;
    }

    /// <summary>Records the lease the registry took in the database, so a save carries it unchanged.</summary>
    public void HoldLease(string owner, DateTime until) => (LeaseOwner, LeaseUntil) = (owner, until);

    /// <summary>Takes a place for one message now, or says when there will be one.</summary>
    /// <param name="warmUpCap">Today's cap of a sending IP still warming up; null when it is warm.</param>
    public LaneDecision TryAcquire(DateTime now, LaneLimits limits, LaneOptions options, int? warmUpCap)
    {
        UpdatedAt = now;
        LimitPerHour = limits.PerHour;
        if (PausedUntil is { } paused && paused > now)
        {
            return LaneDecision.Wait(paused, $"paused after: {LastDeferral}");
        }

        Recover(now, options);
        RollWindows(now);
        var dayCap = Math.Min(limits.PerDay, warmUpCap ?? int.MaxValue);
        if (SentToday >= dayCap)
        {
            return LaneDecision.Wait(DayStart.AddDays(1), warmUpCap < limits.PerDay ? $"warm-up cap of {dayCap} today" : $"daily limit of {dayCap}");
        }

        if (SentThisHour >= limits.PerHour)
        {
            return LaneDecision.Wait(HourStart.AddHours(1), $"hourly limit of {limits.PerHour}");
        }

        var perSecond = CurrentPerHour / 3600;
        Tokens = Math.Min(Math.Max(1, CurrentPerHour / 60), Tokens + (now - TokensAt).TotalSeconds * perSecond);
        TokensAt = now;
        // A shortfall of less than a millisecond's worth is rounding, not a wait: a wait that rounds to no time at
        // all would put the message off until now, again and again, on a clock that has not moved.
        if (Tokens < 1 - perSecond / 1000)
        {
            return LaneDecision.Wait(now.AddSeconds(Math.Max(0.001, (1 - Tokens) / perSecond)), $"rate of {CurrentPerHour:0} per hour");
        }

        Tokens -= 1;
        SentToday++;
        SentThisHour++;
        return LaneDecision.Go;
    }

    public void RecordDelivered(DateTime now)
    {
        ConsecutiveDeferrals = 0;
        UpdatedAt = now;
    }

    /// <summary>Acts on a temporary failure: only replies about the sending IP's volume or reputation slow the lane.</summary>
    public void RecordDeferred(ReplyVerdict verdict, DateTime now, LaneOptions options)
    {
        UpdatedAt = now;
        if (!verdict.SlowsLane)
        {
            return;
        }

        (LastDeferralAt, LastDeferral, LastRule) = (now, verdict.Outcome.Reply, verdict.Rule);
        LastChangeAt = now;
        if (verdict.Effect == ReplyEffect.Suspend)
        {
            PausedUntil = now + (verdict.SuspendFor ?? options.MaxBackoff);
            return;
        }

        ConsecutiveDeferrals++;
        CurrentPerHour = Math.Max(options.MinimumPerHour, CurrentPerHour * options.DecreaseFactor);
        Tokens = Math.Min(Tokens, 1);
        var backoff = TimeSpan.FromTicks(Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * (1L << Math.Min(ConsecutiveDeferrals - 1, 20))));
        PausedUntil = now + (verdict.RetryAfter ?? backoff);
    }

    private void Recover(DateTime now, LaneOptions options)
    {
        if (CurrentPerHour >= LimitPerHour)
        {
            CurrentPerHour = LimitPerHour;
            LastChangeAt = now;
            return;
        }

        var start = PausedUntil is { } paused && paused > LastChangeAt ? paused : LastChangeAt;
        var steps = (int)((now - start) / options.RecoveryInterval);
        if (steps > 0)
        {
            CurrentPerHour = Math.Min(LimitPerHour, CurrentPerHour + steps * options.RecoveryStep * LimitPerHour);
            LastChangeAt = start + steps * options.RecoveryInterval;
        }
    }

    private void RollWindows(DateTime now)
    {
        if (now.Date != DayStart)
        {
            (DayStart, SentToday) = (now.Date, 0);
        }

        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        if (hour != HourStart)
        {
            (HourStart, SentThisHour) = (hour, 0);
        }
    }
}
