using SmartSender.Core.Accounts;
namespace SmartSender.Core.Reputation;

/// <summary>
/// Projects the daily counts forward with the account's usual volume: clean days to see when it would move up,
/// the last three days' pace to see when it would drop. The same <see cref="ReputationCalculator"/> judges every projected day.
/// </summary>
public static class ReputationProjection
{
    private const int PaceDays = 3;
    private const int Horizon = 90;

    public static ReputationOutlook Outlook(IReadOnlyList<DailyCounts> days, ReputationAssessment now, ReputationOptions options) =>
        new(Up(days, now, options), Drop(days, now, options));

    private static string? Up(IReadOnlyList<DailyCounts> days, ReputationAssessment now, ReputationOptions options)
    {
        if (now.Level == ReputationLevel.Good)
        {
            return $"Keep bounces under {Pct(options.Bounces.GoodBelow)} and complaints under {Pct(options.Complaints.GoodBelow)} to stay Good.";
        }

        // The usual volume: per day since the account's first mail in the long window, so a new account is not judged on empty days.
        var recent = days.Skip(Math.Max(0, days.Count - options.LongWindowDays)).SkipWhile(d => d.Submitted == 0).ToList();
        var active = Math.Max(1, recent.Count);
        var sent = Math.Max(1, (long)Math.Ceiling(recent.Sum(d => d.Submitted) / (double)active));
        var marketing = (long)Math.Ceiling(recent.Sum(d => d.MarketingSubmitted) / (double)active);
        var next = now.Level + 1;
        if (next == ReputationLevel.Good && now.LongWindowSent + sent * options.LongWindowDays < options.GoodMinimumVolume)
        {
            return $"Good takes at least {options.GoodMinimumVolume:N0} messages over {options.LongWindowDays} days; the account sent {now.LongWindowSent:N0}.";
        }

        var clean = new DailyCounts(default, sent, 0, 0, marketing, 0, 0);
        var after = FirstDay(days, clean, options, level => level >= next);
        if (after is null)
        {
            return null;
        }

        var keep = next == ReputationLevel.Good
            ? $"bounces under {Pct(options.Bounces.GoodBelow)} and complaints under {Pct(options.Complaints.GoodBelow)}"
            : string.Join(" and ", now.Factors.Where(f => f.Deciding.Level is not null && f.Deciding.Level < next)
                .Select(f => $"{ReputationCalculator.Name(f.Factor).ToLowerInvariant()}s under {Pct(next == ReputationLevel.Low ? f.Deciding.Thresholds.Bad : f.Deciding.Thresholds.Low)}"));
        return $"Keep {(keep.Length == 0 ? "every rate low" : keep)} for {Days(after.Value)} more to reach {next} (at about {sent:N0} {(sent == 1 ? "message" : "messages")} a day).";
    }

    private static string? Drop(IReadOnlyList<DailyCounts> days, ReputationAssessment now, ReputationOptions options)
    {
        if (now.Level == ReputationLevel.Bad)
        {
            return null;
        }

        var pace = days.Skip(Math.Max(0, days.Count - PaceDays)).ToList();
        var perDay = new DailyCounts(default,
            pace.Sum(d => d.Submitted) / PaceDays, pace.Sum(d => d.HardBounces) / PaceDays, pace.Sum(d => d.Complaints) / PaceDays,
            pace.Sum(d => d.MarketingSubmitted) / PaceDays, pace.Sum(d => d.Unsubscribes) / PaceDays, pace.Sum(d => d.ContentFailures) / PaceDays);
        var after = FirstDay(days, perDay, options, level => level < now.Level, limit: options.LongWindowDays);
        if (after is null)
        {
            return null;
        }

        var projected = Project(days, perDay, after.Value);
        var lower = ReputationCalculator.Assess(projected, options);
        var worst = lower.Factors.OrderByDescending(f => f.Deciding.Severity).First();
        var count = pace.Sum(d => d.For(worst.Factor).Count);
        var of = pace.Sum(d => d.For(worst.Factor).Of);
        return $"{ReputationCalculator.Name(worst.Factor)}s ran at {Pct(of == 0 ? 0 : (double)count / of)} over the last {PaceDays} days; at that pace the account drops to {lower.Level} in {Days(after.Value)}.";
    }

    private static int? FirstDay(IReadOnlyList<DailyCounts> days, DailyCounts each, ReputationOptions options, Func<ReputationLevel, bool> reached, int limit = Horizon)
    {
        for (var n = 1; n <= limit; n++)
        {
            if (reached(ReputationCalculator.Assess(Project(days, each, n), options).Level))
            {
                return n;
            }
        }

        return null;
    }

    private static List<DailyCounts> Project(IReadOnlyList<DailyCounts> days, DailyCounts each, int count)
    {
        var last = days.Count == 0 ? DateOnly.MinValue : days[^1].Day;
        return [.. days, .. Enumerable.Range(1, count).Select(i => each with { Day = last.AddDays(i) })];
    }

    private static string Days(int n) => n == 1 ? "1 day" : $"{n} days";

    private static string Pct(double rate) => ReputationCalculator.Percent(rate);
}
