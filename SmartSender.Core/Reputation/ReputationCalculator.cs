using System.Globalization;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Reputation;

/// <summary>
/// Judges an account from its daily counts: the worst factor over either window sets Low or Bad; Good needs enough
/// volume and low bounce and complaint rates over the long window. A window with too few messages is not judged,
/// and an account with too little mail stays Normal.
/// </summary>
public static class ReputationCalculator
{
    /// <param name="days">Consecutive UTC days, oldest first, the last one today; at least the long window.</param>
    public static ReputationAssessment Assess(IReadOnlyList<DailyCounts> days, ReputationOptions options)
    {
        var readings = Enum.GetValues<ReputationFactor>()
            .Select(f => (Factor: f, Short: Read(days, f, options.ShortWindowDays, options), Long: Read(days, f, options.LongWindowDays, options)))
            .ToList();
        var total = readings.Sum(r => Math.Max(r.Short.Severity, r.Long.Severity));
        var factors = readings
            .Select(r => new FactorSummary(r.Factor, r.Short, r.Long, total == 0 ? 0 : Math.Max(r.Short.Severity, r.Long.Severity) / total))
            .ToList();
        var sent = Window(days, options.LongWindowDays).Sum(d => d.Submitted);

        var worst = factors.OrderByDescending(f => FactorSummary.Rank(f.Deciding.Level)).ThenByDescending(f => f.Deciding.Severity).First();
        if (worst.Deciding.Level is { } low)
        {
            var r = worst.Deciding;
            var threshold = low == ReputationLevel.Bad ? r.Thresholds.Bad : r.Thresholds.Low;
            return new(low, $"{Name(r.Factor)} rate {Percent(r.Rate)} over the last {r.WindowDays} days ({r.Count:N0} of {r.Of:N0}) reached the {low} threshold of {Percent(threshold)}.", factors, sent);
        }

        if (sent < options.MinimumVolume)
        {
            return new(ReputationLevel.Normal, $"Not enough mail to judge yet: {sent:N0} of the {options.MinimumVolume:N0} messages over {options.LongWindowDays} days it takes.", factors, sent);
        }

        var bounces = factors.Single(f => f.Factor == ReputationFactor.Bounces).Long;
        var complaints = factors.Single(f => f.Factor == ReputationFactor.Complaints).Long;
        if (sent >= options.GoodMinimumVolume && bounces.Rate < bounces.Thresholds.GoodBelow && complaints.Rate < complaints.Thresholds.GoodBelow)
        {
            return new(ReputationLevel.Good, $"Over the last {options.LongWindowDays} days, {sent:N0} messages with bounces at {Percent(bounces.Rate)} (under {Percent(bounces.Thresholds.GoodBelow)}) and complaints at {Percent(complaints.Rate)} (under {Percent(complaints.Thresholds.GoodBelow)}).", factors, sent);
        }

        return new(ReputationLevel.Normal, $"Every rate is under its Low threshold over {options.ShortWindowDays} and {options.LongWindowDays} days.", factors, sent);
    }

    public static FactorReading Read(IReadOnlyList<DailyCounts> days, ReputationFactor factor, int windowDays, ReputationOptions options)
    {
        long count = 0, of = 0;
        foreach (var day in Window(days, windowDays))
        {
            var (c, o) = day.For(factor);
            count += c;
            of += o;
        }

        return new(factor, windowDays, count, of, options.For(factor), of >= options.MinimumVolume);
    }

    private static IEnumerable<DailyCounts> Window(IReadOnlyList<DailyCounts> days, int windowDays) => days.Skip(Math.Max(0, days.Count - windowDays));

    public static string Name(ReputationFactor factor) => factor switch
    {
        ReputationFactor.Bounces => "Bounce",
        ReputationFactor.Complaints => "Complaint",
        ReputationFactor.Unsubscribes => "Unsubscribe",
        _ => "Failed content review",
    };

    /// <summary>A rate as people read it: 5 %, 0.1 %, 0.05 %.</summary>
    public static string Percent(double rate) => (rate * 100).ToString(rate >= 0.01 ? "0.#" : "0.0##", CultureInfo.InvariantCulture) + "%";
}
