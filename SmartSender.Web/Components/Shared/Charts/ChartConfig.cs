using System.Text.Json.Serialization;

namespace SmartSender.Web.Components.Shared.Charts;

/// <summary>A Chart.js 4 configuration, typed. Serialized camelCase with nulls left out, as Chart.js expects.</summary>
public record ChartConfig(ChartType Type, ChartData Data, ChartOptions? Options = null);

[JsonConverter(typeof(JsonStringEnumConverter<ChartType>))]
public enum ChartType
{
    [JsonStringEnumMemberName("bar")]
    Bar,

    [JsonStringEnumMemberName("line")]
    Line,

    [JsonStringEnumMemberName("doughnut")]
    Doughnut,
}

public record ChartData(IReadOnlyList<string> Labels, IReadOnlyList<ChartDataset> Datasets);

public record ChartDataset(string Label, IReadOnlyList<double> Data)
{
    public string? BackgroundColor { get; init; }

    public string? BorderColor { get; init; }

    public int? BorderWidth { get; init; }

    public string? Stack { get; init; }

    public bool? Fill { get; init; }

    public double? Tension { get; init; }
}

public record ChartOptions
{
    public bool Responsive { get; init; } = true;

    public bool MaintainAspectRatio { get; init; }

    public ChartPlugins? Plugins { get; init; }

    public IReadOnlyDictionary<string, ChartAxis>? Scales { get; init; }
}

public record ChartPlugins(ChartLegend? Legend = null, ChartTitle? Title = null);

public record ChartLegend(bool Display = true, string Position = "top");

public record ChartTitle(string Text, bool Display = true);

public record ChartAxis
{
    public bool? Stacked { get; init; }

    public bool? BeginAtZero { get; init; }

    public ChartTicks? Ticks { get; init; }
}

public record ChartTicks(double? StepSize = null, int? Precision = null);
