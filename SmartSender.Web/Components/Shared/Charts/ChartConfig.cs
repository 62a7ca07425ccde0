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
    /// <summary>One colour, or one per bar or doughnut slice (a list of strings).</summary>
    public object? BackgroundColor { get; init; }

    public string? BorderColor { get; init; }

    public int? BorderWidth { get; init; }

    public string? Stack { get; init; }

    public bool? Fill { get; init; }

    public double? Tension { get; init; }

    /// <summary>The widest a bar may be, in pixels, however few bars there are.</summary>
    public int? MaxBarThickness { get; init; }

    /// <summary>The point radius of a line; 0 draws the line alone.</summary>
    public double? PointRadius { get; init; }

    /// <summary>Dashes of a line, e.g. [6, 4], for thresholds.</summary>
    public IReadOnlyList<int>? BorderDash { get; init; }

    /// <summary>The scale the dataset is drawn against, when the chart has more than one y axis.</summary>
    [JsonPropertyName("yAxisID")]
    public string? YAxisId { get; init; }

    /// <summary>A line that steps from value to value, e.g. a level that changes on a day.</summary>
    public bool? Stepped { get; init; }
}

public record ChartOptions
{
    public bool Responsive { get; init; } = true;

    public bool MaintainAspectRatio { get; init; }

    public ChartPlugins? Plugins { get; init; }

    public IReadOnlyDictionary<string, ChartAxis>? Scales { get; init; }

    /// <summary>How hovering finds points: <c>index</c> shows every dataset's value at the hovered label.</summary>
    public ChartInteraction? Interaction { get; init; }

    /// <summary><c>y</c> draws bars horizontally.</summary>
    public string? IndexAxis { get; init; }
}

public record ChartInteraction(string Mode = "index", bool Intersect = false);

public record ChartPlugins(ChartLegend? Legend = null, ChartTitle? Title = null, ChartTooltip? Tooltip = null);

public record ChartTooltip(bool Enabled = true);

public record ChartLegend(bool Display = true, string Position = "top");

public record ChartTitle(string Text, bool Display = true);

public record ChartAxis
{
    public bool? Stacked { get; init; }

    public ChartAxisTitle? Title { get; init; }

    public bool? BeginAtZero { get; init; }

    public ChartTicks? Ticks { get; init; }

    /// <summary><c>left</c> or <c>right</c>, for a second y axis.</summary>
    public string? Position { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }
}

/// <summary>Axis ticks; <c>MaxTicksLimit</c> with <c>MaxRotation</c> 0 keeps a long axis (a week of hours) readable.</summary>
public record ChartTicks(double? StepSize = null, int? Precision = null, int? MaxTicksLimit = null, int? MaxRotation = null);

public record ChartAxisTitle(string Text, bool Display = true);

/// <summary>What the user clicked: the label's index and the dataset's.</summary>
public record ChartClick(int Index, int DatasetIndex);
