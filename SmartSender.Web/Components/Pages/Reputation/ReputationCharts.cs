using SmartSender.Core.Reputation;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Reputation;

/// <summary>The reputation trend: each factor's rate over the short window, day by day, with the Low thresholds dashed.</summary>
public static class ReputationCharts
{
    public static readonly IReadOnlyList<(ReputationFactor Factor, string Label, string Color, string Axis)> Lines =
    [
        (ReputationFactor.Bounces, "Bounces", "#e53935", "y"),
        (ReputationFactor.Unsubscribes, "Unsubscribes", "#757575", "y"),
        (ReputationFactor.ContentReviews, "Failed content reviews", "#8e24aa", "y"),
        (ReputationFactor.Complaints, "Complaints (right axis)", "#6d4c41", "y1"),
    ];

    public static ChartConfig Trend(ReputationReport report)
    {
        var labels = report.Trend.Select(p => p.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var lines = Lines.Select(l => new ChartDataset(l.Label, [.. report.Trend.Select(p => Math.Round(p.Rates[l.Factor] * 100, 4))])
        {
            BorderColor = l.Color,
            BackgroundColor = l.Color,
            YAxisId = l.Axis,
            PointRadius = 0,
            Tension = 0.2,
        });
        ChartDataset Threshold(string label, double rate, string color, string axis) =>
            new(label, [.. report.Trend.Select(_ => rate * 100)]) { BorderColor = color, BackgroundColor = color, BorderDash = [6, 4], BorderWidth = 1, PointRadius = 0, YAxisId = axis };
        return new ChartConfig(
            ChartType.Line,
            new ChartData(labels,
            [
                .. lines,
                Threshold($"Bounces: Low at {ReputationCalculator.Percent(report.Options.Bounces.Low)}", report.Options.Bounces.Low, "#e5393580", "y"),
                Threshold($"Complaints: Low at {ReputationCalculator.Percent(report.Options.Complaints.Low)}", report.Options.Complaints.Low, "#6d4c4180", "y1"),
            ]),
            new ChartOptions
            {
                Interaction = new ChartInteraction(),
                Scales = new Dictionary<string, ChartAxis>
                {
                    ["y"] = new() { BeginAtZero = true, Position = "left", Title = new ChartAxisTitle($"% of messages over {report.Options.ShortWindowDays} days") },
                    ["y1"] = new() { BeginAtZero = true, Position = "right", Title = new ChartAxisTitle("complaints, %") },
                },
            });
    }
}
