using System.Text.Json;
using Bunit;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Web.Components.Pages.Analytics;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Tests.Web.Components;

/// <summary>What the Analytics charts hand to Chart.js: the report's numbers, in the right places.</summary>
public class AnalyticsChartsTests : ComponentTest
{
    private static readonly DateTime Now = new(2026, 11, 28, 14, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Series_DrawsEachMeasurePerBucket_AndTheChartComponentPassesItToChartJs()
    {
        var module = JSInterop.SetupModule("./Components/Shared/Charts/Chart.razor.js");
        module.SetupVoid("draw", _ => true);
        var report = Report(
            [new StatsCounts { Submitted = 5, Delivered = 4, HardBounced = 1 }, StatsCounts.Empty, new StatsCounts { Submitted = 2, Delivered = 2, Opened = 1, Opens = 3 }],
            []);

        Render<Chart>(p => p.Add(c => c.Config, AnalyticsCharts.Series(report)).Add(c => c.Name, "series"));

        var drawn = (JsonElement)module.Invocations["draw"].Single().Arguments[1]!;
        Assert.Equal("line", drawn.GetProperty("type").GetString());
        Assert.Equal(["Nov 28 12:00", "Nov 28 13:00", "Nov 28 14:00"], drawn.GetProperty("data").GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        var datasets = drawn.GetProperty("data").GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("label").GetString()!, d => d.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        Assert.Equal([5, 0, 2], datasets["Submitted"]);
        Assert.Equal([4, 0, 2], datasets["Delivered"]);
        Assert.Equal([1, 0, 0], datasets["Bounced"]);
        Assert.Equal([0, 0, 1], datasets["Opened"]);
        Assert.Equal("index", drawn.GetProperty("options").GetProperty("interaction").GetProperty("mode").GetString());
    }

    [Fact]
    public void Providers_NamesTheFourBiggest_AddsUpTheRestAsOthers_StacksTheOutcomes_AndSetsDeferralsApart()
    {
        var report = Report([StatsCounts.Empty], [
            new("Gmail", 50, 5, 2), new("Outlook", 30, 0, 1), new("Yahoo", 20, 9, 0), new("", 0, 0, 4),
            new("iCloud", 3, 1, 0), new("gmx.net", 2, 0, 1),
        ]);

        var config = AnalyticsCharts.Providers(report);

        Assert.Equal(["Gmail", "Outlook", "Yahoo", "Not routed", "Others"], config.Data.Labels);
        Assert.Equal(["Gmail", "Outlook", "Yahoo", "", null], AnalyticsCharts.ProviderGroups(report));
        Assert.Equal([50, 30, 20, 0, 5], config.Data.Datasets[0].Data);
        Assert.Equal([5, 0, 9, 0, 1], config.Data.Datasets[1].Data);
        Assert.Equal([2, 1, 0, 4, 1], config.Data.Datasets[2].Data);
        Assert.Equal(AnalyticsCharts.MessagesStack, config.Data.Datasets[0].Stack);
        Assert.Equal(AnalyticsCharts.AttemptsStack, config.Data.Datasets[1].Stack);
        Assert.Equal(AnalyticsCharts.MessagesStack, config.Data.Datasets[2].Stack);
        Assert.True(config.Options!.Scales!["y"].Stacked);
    }

    [Fact]
    public void Series_DrawsSubmittedDashed_SoAnEqualDeliveredLineShowsThrough()
    {
        var report = Report([new StatsCounts { Submitted = 3, Delivered = 3 }], []);

        var datasets = AnalyticsCharts.Series(report).Data.Datasets.ToDictionary(d => d.Label);

        Assert.NotEmpty(datasets["Submitted"].BorderDash!);
        Assert.Null(datasets["Delivered"].BorderDash);
    }

    [Fact]
    public void Series_OfAWeekOfHours_ShowsFewLevelLabelsAndNoPoints()
    {
        var week = Report([.. Enumerable.Repeat(StatsCounts.Empty, 7 * 24)], []);
        var day = Report([.. Enumerable.Repeat(StatsCounts.Empty, 24)], []);

        var dense = AnalyticsCharts.Series(week);
        var sparse = AnalyticsCharts.Series(day);

        Assert.Equal(new ChartTicks(MaxTicksLimit: AnalyticsCharts.DenseLabels, MaxRotation: 0), dense.Options!.Scales!["x"].Ticks);
        Assert.All(dense.Data.Datasets, d => Assert.Equal(0, d.PointRadius));
        Assert.Null(sparse.Options!.Scales!["x"].Ticks);
        Assert.All(sparse.Data.Datasets, d => Assert.Equal(2, d.PointRadius));
    }

    [Fact]
    public void BounceReasons_OneSliceEachWithItsOwnColour()
    {
        var report = Report([StatsCounts.Empty], []) with { BounceReasons = [new("UserUnknown", 7), new("MailboxFull", 2)] };

        var config = AnalyticsCharts.BounceReasons(report);

        Assert.Equal(ChartType.Doughnut, config.Type);
        Assert.Equal(["User unknown", "Mailbox full"], config.Data.Labels);
        Assert.Equal([7, 2], config.Data.Datasets[0].Data);
        Assert.Equal(2, ((IReadOnlyList<string>)config.Data.Datasets[0].BackgroundColor!).Distinct().Count());
    }

    private static StatsReport Report(StatsCounts[] buckets, ProviderStats[] providers)
    {
        var filter = StatsFilter.LastHours(Now, buckets.Length);
        var series = filter.Buckets().Zip(buckets, (b, c) => new StatsPoint(b, c)).ToList();
        return new StatsReport(filter, StatsCounts.Empty, series, providers, [], [], []);
    }
}
