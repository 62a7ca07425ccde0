using Microsoft.AspNetCore.Components;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Analytics;

public partial class Analytics
{
    private AnalyticsQuery _query = new();
    private StatsReport? _report;
    private ChartConfig? _series;
    private ChartConfig? _providers;
    private ChartConfig? _reasons;
    private IReadOnlyList<string?> _providerGroups = [];
    private string? _error;
    private bool _loading;
    private IReadOnlyList<string> _domains = [];
    private List<(Guid Id, string Name)> _templates = [];
    private IReadOnlyList<string> _tags = [];
    private DateTime? _from;
    private DateTime? _to;

    [Inject]
    private AccountStats Stats { get; set; } = default!;

    [Inject]
    private TemplateLibrary Templates { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [CascadingParameter(Name = "DarkMode")]
    private bool Dark { get; set; }

    [SupplyParameterFromQuery(Name = "range")]
    private string? RangeParameter { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    private string? FromParameter { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    private string? ToParameter { get; set; }

    [SupplyParameterFromQuery(Name = "domain")]
    private string? DomainParameter { get; set; }

    [SupplyParameterFromQuery(Name = "stream")]
    private string? StreamParameter { get; set; }

    [SupplyParameterFromQuery(Name = "template")]
    private string? TemplateParameter { get; set; }

    [SupplyParameterFromQuery(Name = "tag")]
    private string? TagParameter { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var account = await GetAccountIdAsync();
        var choices = await Stats.ChoicesAsync(account, Clock.GetUtcNow().UtcDateTime);
        (_domains, _tags) = (choices.Domains, choices.Tags);
        _templates = [.. (await Templates.ListAsync(account, includeArchived: true)).Select(t => (t.Id, t.IsArchived ? $"{t.Name} (archived)" : t.Name)).OrderBy(t => t.Item2)];
    }

    protected override async Task OnParametersSetAsync()
    {
        _query = AnalyticsQuery.Parse(RangeParameter, FromParameter, ToParameter, DomainParameter, StreamParameter, TemplateParameter, TagParameter);
        var filter = _query.ToFilter(Clock.GetUtcNow().UtcDateTime);
        (_from, _to) = (filter.Value?.From, filter.Value?.To.AddDays(-1));
        if (!filter.Succeeded)
        {
            _error = filter.Errors[0].Message;
            return;
        }

        _error = null;
        _loading = true;
        var report = await Stats.ReportAsync(await GetAccountIdAsync(), filter.Value!);
        (_report, _loading) = (report, false);
        _series = AnalyticsCharts.Series(report);
        _providers = AnalyticsCharts.Providers(report);
        _providerGroups = AnalyticsCharts.ProviderGroups(report);
        _reasons = AnalyticsCharts.BounceReasons(report);
    }

    private Task NavigateAsync(AnalyticsQuery query)
    {
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query.ToParameters()));
        return Task.CompletedTask;
    }

    private Task SetRangeAsync(string range) => NavigateAsync(range == "custom"
        ? _query with { Range = range, From = _from is { } f ? DateOnly.FromDateTime(f) : null, To = _to is { } t ? DateOnly.FromDateTime(t) : null }
        : _query with { Range = range, From = null, To = null });

    private Task SetFromAsync(DateTime? from) => NavigateAsync(_query with { From = from is { } f ? DateOnly.FromDateTime(f) : null });

    private Task SetToAsync(DateTime? to) => NavigateAsync(_query with { To = to is { } t ? DateOnly.FromDateTime(t) : null });

    private void OpenProvider(ChartClick click)
    {
        if (_report is null || click.Index >= _providerGroups.Count)
        {
            return;
        }

        var outcome = click.DatasetIndex switch { 0 => MessageOutcome.Delivered, 1 => MessageOutcome.Deferred, _ => MessageOutcome.Bounced };
        Navigation.NavigateTo(_query.MessagesUrl(_report.Filter, _providerGroups[click.Index], outcome));
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool IsEmpty(StatsCounts t) =>
        t.Submitted + t.Delivered + t.Deferred + t.Bounced + t.Opens + t.Clicks + t.Complained + t.Unsubscribed + t.MachineOpensAndClicks == 0;

    private static string Percent(double? rate) => rate is { } r ? $"{r:0.##%}" : "–";

    private static string? Rate(double? rate, string what) => rate is null ? null : $"{Percent(rate)} {what}";

    private static string RangeText(StatsFilter filter) => filter.Bucket == StatsBucket.Hour
        ? $"{filter.From:yyyy-MM-dd HH:00} to {filter.To:yyyy-MM-dd HH:00}"
        : $"{filter.From:yyyy-MM-dd} to {filter.To.AddDays(-1):yyyy-MM-dd}";
}
