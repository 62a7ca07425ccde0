using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Web.Components.Shared.Charts;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Components.Pages.Reputation;

public partial class Reputation
{
    private ReputationReport? _report;
    private QuotaStanding? _quota;
    private ChartConfig? _trend;

    [Inject]
    private AccountReputation Judge { get; set; } = default!;

    [Inject]
    private AccountQuota Quota { get; set; } = default!;

    [CascadingParameter(Name = "DarkMode")]
    private bool Dark { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // Judged afresh on opening, so the page never shows an hour-old level beside today's figures.
        var account = await GetAccountIdAsync();
        await Judge.RecomputeAsync(account);
        _report = await Judge.ReportAsync(account);
        _quota = await Quota.GetAsync(account);
        _trend = _report is null ? null : ReputationCharts.Trend(_report);
    }

    internal static Color LevelColor(ReputationLevel level) => level switch
    {
        ReputationLevel.Bad => Color.Error,
        ReputationLevel.Low => Color.Warning,
        ReputationLevel.Good => Color.Success,
        _ => Color.Info,
    };

    private static string FactorTitle(ReputationFactor factor) => factor switch
    {
        ReputationFactor.Bounces => "Hard bounces",
        ReputationFactor.Complaints => "Spam complaints",
        ReputationFactor.Unsubscribes => "Unsubscribes (marketing)",
        _ => "Failed content reviews",
    };

    private static string Describe(FactorReading r) => r.Judged
        ? $"{r.WindowDays} days: {ReputationCalculator.Percent(r.Rate)} ({r.Count:N0} of {r.Of:N0})"
        : $"{r.WindowDays} days: not judged ({r.Of:N0} messages)";

    private static string Thresholds(FactorThresholds t) =>
        $"{(t.Good is { } good ? $"Good under {ReputationCalculator.Percent(good)}, " : "")}Low at {ReputationCalculator.Percent(t.Low)}, Bad at {ReputationCalculator.Percent(t.Bad)}.";

    private static string KindText(ReputationChangeKind kind) => kind switch
    {
        ReputationChangeKind.Level => "Level",
        ReputationChangeKind.Quota => "Quota",
        _ => "Held mail",
    };
}
