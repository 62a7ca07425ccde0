using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics.Stats;

/// <summary>
/// What happened to an account's mail in a period. Submitted counts messages accepted from the account; delivered, the
/// receiving server's acceptance; hard bounces include refusals during delivery; soft bounces include mail given up
/// after retrying. Opened and clicked count messages (a person's first open or click), apart from machines'.
/// </summary>
public sealed record StatsCounts
{
    public static StatsCounts Empty { get; } = new();

    public long Submitted { get; init; }

    public long Delivered { get; init; }

    public long Deferred { get; init; }

    public long HardBounced { get; init; }

    public long SoftBounced { get; init; }

    public long Opened { get; init; }

    public long Clicked { get; init; }

    /// <summary>Every open by a person, repeats included.</summary>
    public long Opens { get; init; }

    public long Clicks { get; init; }

    /// <summary>Opens and clicks by scanners and link prefetchers.</summary>
    public long MachineOpensAndClicks { get; init; }

    public long Unsubscribed { get; init; }

    public long Complained { get; init; }

    public long Bounced => HardBounced + SoftBounced;

    public double? DeliveryRate => Rate(Delivered, Submitted);

    public double? BounceRate => Rate(Bounced, Submitted);

    public double? ComplaintRate => Rate(Complained, Delivered);

    public double? OpenRate => Rate(Opened, Delivered);

    public double? ClickRate => Rate(Clicked, Delivered);

    /// <summary>Adds up rollup sums of one bucket (or of all of them).</summary>
    public static StatsCounts Of(IEnumerable<RollupSum> sums)
    {
        var c = new Builder();
        foreach (var s in sums)
        {
            c.Add(s);
        }

        return c.Build();
    }

    private static double? Rate(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private sealed class Builder
    {
        private readonly long[] _byType = new long[Enum.GetValues<MessageEventType>().Length];
        private long _opened;
        private long _clicked;
        private long _machine;

        public void Add(RollupSum s)
        {
            if (s.Machine)
            {
                _machine += s.Count;
                return;
            }

            _byType[(int)s.Type] += s.Count;
            _opened += s.Type == MessageEventType.Opened ? s.Uniques : 0;
            _clicked += s.Type == MessageEventType.Clicked ? s.Uniques : 0;
        }

        public StatsCounts Build()
        {
            long Of(MessageEventType t) => _byType[(int)t];
            return new StatsCounts
            {
                Submitted = Of(MessageEventType.Queued),
                Delivered = Of(MessageEventType.Delivered),
                Deferred = Of(MessageEventType.Deferred),
                HardBounced = Of(MessageEventType.Failed) + Of(MessageEventType.HardBounced),
                SoftBounced = Of(MessageEventType.SoftBounced) + Of(MessageEventType.Expired),
                Opened = _opened,
                Clicked = _clicked,
                Opens = Of(MessageEventType.Opened),
                Clicks = Of(MessageEventType.Clicked),
                MachineOpensAndClicks = _machine,
                Unsubscribed = Of(MessageEventType.Unsubscribed),
                Complained = Of(MessageEventType.Complained),
            };
        }
    }
}

/// <summary>Rollup counts summed over a group.</summary>
public sealed record RollupSum(MessageEventType Type, bool Machine, long Count, long Uniques);
