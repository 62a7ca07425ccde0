using Microsoft.AspNetCore.Components;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Domains;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Overview;

public partial class Overview
{
    /// <summary>Below this many messages a provider's or a domain's rates say little; no alert is raised.</summary>
    private const int AttentionMinimum = 20;

    private StatsReport? _day;
    private StatsCounts? _dayBefore;
    private StatsCounts? _month;
    private StatsCounts? _monthBefore;
    private ChartConfig? _config;
    private List<SendingDomain> _blocked = [];
    private List<SendingDomain> _rotating = [];
    private int _domainCount;
    private List<Core.Webhooks.WebhookEndpoint> _failingWebhooks = [];
    private List<Core.Blocklists.BlocklistListing> _listed = [];
    private List<(string Text, string Link)> _attention = [];
    private Core.Quota.QuotaStanding? _quota;

    [Inject]
    private AccountStats Stats { get; set; } = default!;

    [Inject]
    private Core.Webhooks.WebhookEndpoints Webhooks { get; set; } = default!;

    [Inject]
    private SendingDomains Domains { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private Core.Quota.AccountQuota Quota { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<Core.Quota.QuotaOptions> QuotaOptions { get; set; } = default!;

    [CascadingParameter(Name = "DarkMode")]
    private bool Dark { get; set; }

    [Inject]
    private Core.Blocklists.BlocklistChecker Blocklists { get; set; } = default!;

    [Inject]
    private Core.Delivery.Pools.IpPools Pools { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var account = await GetAccountIdAsync();
        var now = Clock.GetUtcNow().UtcDateTime;
        var overview = await Stats.OverviewAsync(account, now);
        (_day, _dayBefore, _month, _monthBefore) = (overview.Day, overview.DayBefore, overview.Month, overview.MonthBefore);
        _attention = Attention(_day, _day.Filter);
        _failingWebhooks = [.. (await Webhooks.ListAsync(account)).Where(w => w.Status == Core.Webhooks.WebhookStatus.Failing)];
        _config = PerHourChart(_day);
        var domains = await Domains.ListAsync(account);
        _domainCount = domains.Count;
        _blocked = [.. domains.Where(d => d.Status == DomainStatus.Failing)];
        _rotating = [.. domains.Where(d => d.Status != DomainStatus.Failing && d.PendingKey is not null)];
        _quota = await Quota.GetAsync(account);
        _listed = await Blocklists.ListedForAccountAsync(account);
        await Pools.RefreshAsync();
    }

    private bool NearQuota => _quota is { Paused: false } q && q.Share >= QuotaOptions.Value.WarnAt;

    /// <summary>Providers that defer or bounce much of the day's mail, and domains whose bounces or complaints are high.</summary>
    private static List<(string, string)> Attention(StatsReport day, StatsFilter filter)
    {
        var query = new Analytics.AnalyticsQuery { Range = "24h" };
        var found = new List<(string, string)>();
        foreach (var p in day.Providers.Where(p => p.Provider.Length > 0 && p.Delivered + p.Deferred + p.Bounced >= AttentionMinimum))
        {
            var tried = p.Delivered + p.Deferred + p.Bounced;
            if (p.Bounced >= 0.05 * tried)
            {
                found.Add(($"{p.Provider} bounced {(double)p.Bounced / tried:0.#%} of your mail in the last 24 hours.",
                    query.MessagesUrl(filter, p.Provider, Core.Messages.MessageOutcome.Bounced)));
            }
            else if (p.Deferred >= 0.2 * tried)
            {
                found.Add(($"{p.Provider} deferred {(double)p.Deferred / tried:0.#%} of your mail in the last 24 hours; SmartSender is sending to it more slowly.",
                    query.MessagesUrl(filter, p.Provider, Core.Messages.MessageOutcome.Deferred)));
            }
        }

        foreach (var d in day.Domains.Where(d => d.Submitted >= AttentionMinimum))
        {
            if (d.BounceRate >= 0.05 || d.ComplaintRate >= 0.001)
            {
                found.Add(($"Mail from {d.Domain} had a bounce rate of {d.BounceRate:0.#%} and a complaint rate of {d.ComplaintRate ?? 0:0.##%} in the last 24 hours.",
                    (query with { Domain = d.Domain }).MessagesUrl(filter, null, Core.Messages.MessageOutcome.Bounced)));
            }
        }

        return found;
    }

    private static ChartConfig PerHourChart(StatsReport day) => new(
        ChartType.Bar,
        new ChartData(
            [.. day.Series.Select(p => p.Bucket.ToString("HH:00"))],
            [
                new ChartDataset("Submitted", [.. day.Series.Select(p => (double)p.Counts.Submitted)]) { BackgroundColor = "#5c6bc0" },
                new ChartDataset("Delivered", [.. day.Series.Select(p => (double)p.Counts.Delivered)]) { BackgroundColor = "#43a047" },
                new ChartDataset("Bounced", [.. day.Series.Select(p => (double)p.Counts.Bounced)]) { BackgroundColor = "#e53935" },
            ]),
        new ChartOptions
        {
            Interaction = new ChartInteraction(),
            Scales = new Dictionary<string, ChartAxis> { ["y"] = new() { BeginAtZero = true, Ticks = new ChartTicks(Precision: 0) } },
        });
}
