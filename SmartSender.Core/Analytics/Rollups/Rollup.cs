using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Analytics.Rollups;

/// <summary>
/// How many events of one kind happened in one time bucket for one slice of an account's mail (sending domain,
/// mailbox provider, stream, template, tag, bounce reason, clicked link). The dashboard reads these, never the raw
/// events. Kept in step with the events in the same transaction that stores them; see <see cref="Messages.RollupDeltas"/>.
/// The slice is the key: in SQLite the table is clustered on it (WITHOUT ROWID), so a chart's range is one scan.
/// </summary>
public abstract class Rollup : TotalRollup
{
    public MessageStream Stream { get; private set; }

    /// <summary><see cref="Guid.Empty"/> for mail not made from a template.</summary>
    public Guid TemplateId { get; private set; }

    /// <summary><see cref="Guid.Empty"/> for mail not sent by a campaign.</summary>
    public Guid CampaignId { get; private set; }

    /// <summary>The bounce reason of failures and bounces; empty otherwise.</summary>
    public string Reason { get; private set; } = "";

    /// <summary>The link of clicks; empty otherwise.</summary>
    public string Link { get; private set; } = "";
}

/// <summary>Rollups by hour: for ranges of a few days.</summary>
public sealed class HourlyRollup : Rollup;

/// <summary>Rollups by UTC day: for longer ranges.</summary>
public sealed class DailyRollup : Rollup;

/// <summary>
/// The same counts without the stream, template, bounce-reason and link slices: far fewer rows per bucket, read
/// whenever a query filters by neither stream nor template (the Overview and most of Analytics).
/// </summary>
public abstract class TotalRollup
{
    public Guid AccountId { get; private set; }

    /// <summary>The start of the bucket (UTC): an hour or a day.</summary>
    public DateTime Bucket { get; private set; }

    /// <summary>Empty for all of the account's mail; otherwise only the mail that carried this tag.</summary>
    public string Tag { get; private set; } = "";

    public MessageEventType Type { get; private set; }

    /// <summary>Opens and clicks by scanners and prefetchers, counted apart from people's.</summary>
    public bool Machine { get; private set; }

    public string Domain { get; private set; } = "";

    /// <summary>Empty before the message was routed to a lane.</summary>
    public string Provider { get; private set; } = "";

    /// <summary>Which process added these counts (<see cref="RollupWriter.ProcessWriter"/>): 0 on SQLite and for rebuilt rows. Sum over it.</summary>
    public short Writer { get; private set; }

    /// <summary>Events in the slice.</summary>
    public long Count { get; private set; }

    /// <summary>Messages whose first open or click (by a person) fell in the slice: unique opens and clicks.</summary>
    public long Uniques { get; private set; }
}

public sealed class HourlyTotal : TotalRollup;

public sealed class DailyTotal : TotalRollup;
