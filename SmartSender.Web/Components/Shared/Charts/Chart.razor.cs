using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace SmartSender.Web.Components.Shared.Charts;

/// <summary>
/// Draws <see cref="Config"/> with Chart.js on a canvas, and redraws it in place whenever the parameter
/// changes. Colours of text and grid follow the MudBlazor theme (light or dark) through its CSS variables.
/// </summary>
public partial class Chart
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private ElementReference _canvas;
    private IJSObjectReference? _module;
    private ChartConfig? _drawn;
    private bool? _drawnDark;
    private DotNetObjectReference<Chart>? _self;

    /// <summary>What to draw.</summary>
    [Parameter, EditorRequired]
    public ChartConfig Config { get; set; } = default!;

    /// <summary>A stable name for the chart, rendered as <c>data-chart</c>.</summary>
    [Parameter, EditorRequired]
    public string Name { get; set; } = "";

    /// <summary>Read by screen readers in place of the picture.</summary>
    [Parameter]
    public string Label { get; set; } = "";

    [Parameter]
    public int Height { get; set; } = 300;

    /// <summary>Called when the user clicks a bar, point or slice; the pointer shows a hand over them when set.</summary>
    [Parameter]
    public EventCallback<ChartClick> OnClick { get; set; }

    /// <summary>Pass the theme's dark flag so the chart redraws its text colours when it changes.</summary>
    [Parameter]
    public bool Dark { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (ReferenceEquals(_drawn, Config) && _drawnDark == Dark)
        {
            return;
        }

        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Shared/Charts/Chart.razor.js");
        _self ??= OnClick.HasDelegate ? DotNetObjectReference.Create(this) : null;
        await _module.InvokeVoidAsync("draw", _canvas, JsonSerializer.SerializeToElement(Config, Json), _self);
        (_drawn, _drawnDark) = (Config, Dark);
    }

    /// <summary>Called by the script when an element of the chart is clicked.</summary>
    [JSInvokable]
    public Task Clicked(int index, int datasetIndex) => OnClick.InvokeAsync(new ChartClick(index, datasetIndex));

    public async ValueTask DisposeAsync()
    {
        _self?.Dispose();
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.InvokeVoidAsync("destroy", _canvas);
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the canvas with it.
        }
    }
}
