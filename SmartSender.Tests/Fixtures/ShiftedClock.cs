namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Real time moved to the fifth minute of the current hour, so a test that reasons about hours has 55 minutes before
/// one turns; timers and delays run as they do in real time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private readonly TimeSpan _shift;

    public ShiftedClock()
    {
        var now = System.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 5, 0, TimeSpan.Zero);
        _shift = start - now;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
