using System.Globalization;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Analytics;

/// <summary>Turns a stats report into the Analytics page's Chart.js configurations.</summary>
public static class AnalyticsCharts
{
    /// <summary>Providers drawn by name; the rest are added up as "Others".</summary>
    public const int NamedProviders = 4;

    public const string Others = "Others";

    public const string NotRouted = "Not routed";

    /// <summary>The provider chart's stack of messages (delivered, bounced), and the one of deferred attempts beside it.</summary>
    public const string MessagesStack = "messages";

    public const string AttemptsStack = "attempts";

    /// <summary>The measures of the time series, in legend order, with their colours.</summary>
    public static readonly IReadOnlyList<(string Label, string Color, Func<StatsCounts, long> Value)> Measures =
    [
        ("Submitted", "#5c6bc0", c => c.Submitted),
        ("Delivered", "#43a047", c => c.Delivered),
        ("Opened", "#1e88e5", c => c.Opened),
        ("Clicked", "#8e24aa", c => c.Clicked),
        ("Deferred", "#fb8c00", c => c.Deferred),
        ("Bounced", "#e53935", c => c.Bounced),
        ("Complained", "#6d4c41", c => c.Complained),
        ("Unsubscribed", "#757575", c => c.Unsubscribed),
    ];

    private static readonly string[] Palette = ["#e53935", "#fb8c00", "#fdd835", "#8e24aa", "#1e88e5", "#00897b", "#6d4c41", "#757575", "#d81b60", "#3949ab"];

    /// <summary>More buckets than this (a week of hours) are drawn without points, with fewer, level labels.</summary>
    public const int DenseSeries = 48;

    /// <summary>The labels a dense time axis shows at most.</summary>
    public const int DenseLabels = 8;

    /// <summary>
    /// One line per measure. Submitted is drawn dashed: Chart.js draws the first dataset on top, and when every
    /// message is delivered the two lines are equal, so a solid Submitted line would hide Delivered.
    /// </summary>
    public static ChartConfig Series(StatsReport report)
    {
        var dense = report.Series.Count > DenseSeries;
        return new ChartConfig(
            ChartType.Line,
            new ChartData(
                [.. report.Series.Select(p => BucketLabel(p.Bucket, report.Filter.Bucket))],
                [.. Measures.Select(m => new ChartDataset(m.Label, [.. report.Series.Select(p => (double)m.Value(p.Counts))])
                {
                    BorderColor = m.Color,
                    BackgroundColor = m.Color,
                    Tension = dense ? 0 : 0.25,
                    PointRadius = dense ? 0 : 2,
                    BorderWidth = dense ? 1 : 2,
                    BorderDash = m.Label == "Submitted" ? [6, 4] : null,
                })]),
            new ChartOptions
            {
                Interaction = new ChartInteraction(),
                Scales = new Dictionary<string, ChartAxis>
                {
                    ["x"] = new() { Ticks = dense ? new ChartTicks(MaxTicksLimit: DenseLabels, MaxRotation: 0) : null },
                    ["y"] = new() { BeginAtZero = true, Ticks = new ChartTicks(Precision: 0) },
                },
            });
    }

    /// <summary>The providers the bars stand for, in bar order: a name, the empty name for mail not routed, or null for the others together.</summary>
    public static IReadOnlyList<string?> ProviderGroups(StatsReport report)
    {
        var named = report.Providers.Take(NamedProviders).Select(p => (string?)p.Provider).ToList();
        return report.Providers.Count > NamedProviders ? [.. named, null] : named;
    }

    /// <summary>
    /// Per provider, delivered and bounced messages stacked in one bar, and deferrals in a bar of their own beside it:
    /// a deferral is an attempt, and the same message is counted again when it is delivered or bounces later.
    /// </summary>
    public static ChartConfig Providers(StatsReport report)
    {
        var groups = ProviderGroups(report);
        IEnumerable<ProviderStats> Of(string? group) => group is null ? report.Providers.Skip(NamedProviders) : report.Providers.Where(p => p.Provider == group);
        ChartDataset Bars(string label, string color, string stack, Func<ProviderStats, long> value) =>
            new(label, [.. groups.Select(g => (double)Of(g).Sum(value))]) { BackgroundColor = color, Stack = stack, MaxBarThickness = 72 };
        return new ChartConfig(
            ChartType.Bar,
            new ChartData(
                [.. groups.Select(g => g switch { null => Others, "" => NotRouted, _ => g })],
                [
                    Bars("Delivered", "#43a047", MessagesStack, p => p.Delivered),
                    Bars("Deferrals (attempts)", "#fb8c00", AttemptsStack, p => p.Deferred),
                    Bars("Bounced", "#e53935", MessagesStack, p => p.Bounced),
                ]),
            new ChartOptions
            {
                Interaction = new ChartInteraction(),
                Scales = new Dictionary<string, ChartAxis>
                {
                    ["x"] = new() { Stacked = true },
                    ["y"] = new() { Stacked = true, BeginAtZero = true, Ticks = new ChartTicks(Precision: 0) },
                },
            });
    }

    public static ChartConfig BounceReasons(StatsReport report) => new(
        ChartType.Doughnut,
        new ChartData(
            [.. report.BounceReasons.Select(r => Spaced(r.Reason))],
            [new ChartDataset("Bounces", [.. report.BounceReasons.Select(r => (double)r.Count)])
            {
                BackgroundColor = report.BounceReasons.Select((_, i) => Palette[i % Palette.Length]).ToList(),
            }]),
        new ChartOptions { Plugins = new ChartPlugins(Legend: new ChartLegend(Position: "right")) });

    public static string BucketLabel(DateTime bucket, StatsBucket size) => size == StatsBucket.Hour
        ? bucket.ToString("MMM d HH:00", CultureInfo.InvariantCulture)
        : bucket.ToString("MMM d", CultureInfo.InvariantCulture);

    /// <summary><c>UserUnknown</c> → <c>User unknown</c>.</summary>
    public static string Spaced(string reason) =>
        string.Concat(reason.Select((c, i) => i > 0 && char.IsUpper(c) ? $" {char.ToLowerInvariant(c)}" : c.ToString()));
}
