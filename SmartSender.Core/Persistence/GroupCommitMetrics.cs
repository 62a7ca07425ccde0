using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SmartSender.Core.Persistence;

/// <summary>
/// What the group commits report (meter <see cref="MeterName"/>, each measurement tagged with its writer): how long a
/// commit takes, how many changes it saves, and how long a change waits for its commit. A commit that takes longer
/// and longer while its changes wait more than one commit's time means the database's one writer is the limit.
/// </summary>
public static class GroupCommitMetrics
{
    public const string MeterName = "SmartSender.Persistence";
    public const string WriterTag = "writer";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "smartsender.group_commit.duration", "s", "How long one group commit took, its transaction's flush to disk included.");

    private static readonly Histogram<int> Size = Meter.CreateHistogram<int>(
        "smartsender.group_commit.size", "{change}", "How many changes one group commit saved.");

    private static readonly Histogram<double> Wait = Meter.CreateHistogram<double>(
        "smartsender.group_commit.wait", "s", "How long a change waited from being handed over until its commit ended.");

    internal static void Committed(string writer, long started, IEnumerable<long> handedOver)
    {
        var now = Stopwatch.GetTimestamp();
        var tag = new KeyValuePair<string, object?>(WriterTag, writer);
        Duration.Record(Stopwatch.GetElapsedTime(started, now).TotalSeconds, tag);
        var count = 0;
        foreach (var at in handedOver)
        {
            Wait.Record(Stopwatch.GetElapsedTime(at, now).TotalSeconds, tag);
            count++;
        }

        Size.Record(count, tag);
    }
}
