using Microsoft.AspNetCore.Components;
using SmartSender.Core.Analytics;
using SmartSender.Core.Domains;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Overview;

public partial class Overview
{
    private const int Hours = 24;
    private StatusCounts? _counts;
    private ChartConfig? _config;
    private List<SendingDomain> _blocked = [];
    private int _domainCount;
    private Engagement? _engagement;
    private List<Core.Webhooks.WebhookEndpoint> _failingWebhooks = [];

    [Inject]
    private EngagementCounts Engagements { get; set; } = default!;

    [Inject]
    private Core.Webhooks.WebhookEndpoints Webhooks { get; set; } = default!;

    [Inject]
    private MessageVolume Volume { get; set; } = default!;

    [Inject]
    private SendingDomains Domains { get; set; } = default!;

    [CascadingParameter(Name = "DarkMode")]
    private bool Dark { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var account = await GetAccountIdAsync();
        var hourly = await Volume.PerHourAsync(account, Hours);
        _counts = await Volume.StatusSinceAsync(account, hourly[0].Hour);
        _engagement = await Engagements.SinceAsync(account, hourly[0].Hour);
        _failingWebhooks = [.. (await Webhooks.ListAsync(account)).Where(w => w.Status == Core.Webhooks.WebhookStatus.Failing)];
        _config = PerHourChart(hourly);
        var domains = await Domains.ListAsync(account);
        _domainCount = domains.Count;
        _blocked = [.. domains.Where(d => d.Status == DomainStatus.Failing)];
    }

    private static ChartConfig PerHourChart(IReadOnlyList<HourlyCount> hourly) => new(
        ChartType.Bar,
        new ChartData(
            [.. hourly.Select(h => h.Hour.ToString("HH:00"))],
            [new ChartDataset("Messages", [.. hourly.Select(h => (double)h.Count)]) { BackgroundColor = "#5c6bc0" }]),
        new ChartOptions
        {
            Plugins = new ChartPlugins(Legend: new ChartLegend(Display: false)),
            Scales = new Dictionary<string, ChartAxis> { ["y"] = new() { BeginAtZero = true, Ticks = new ChartTicks(Precision: 0) } },
        });
}
