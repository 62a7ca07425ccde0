using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmartSender.Core.Common;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Components.Pages.Admin;

public partial class AccountReputations
{
    private IReadOnlyList<AccountStanding>? _rows;

    [Inject]
    private ReputationAdmin Admin { get; set; } = default!;

    [Inject]
    private Core.Audit.AuditLog Audit { get; set; } = default!;

    [Inject]
    private IOptions<ReputationOptions> Options { get; set; } = default!;

    [Inject]
    private IOptions<QuotaOptions> Quotas { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _rows = await Admin.ListAsync();

    private async Task SetQuotaAsync(AccountStanding row)
    {
        var level = Quotas.Value.For(row.Level);
        var dialog = await Dialogs.ShowAsync<QuotaDialog>($"Quota of {row.Name}", new DialogParameters<QuotaDialog>
        {
            { d => d.Account, row.Name },
            { d => d.Level, row.Level },
            { d => d.Current, row.ManualQuota },
            { d => d.SuggestedDaily, level.DailyLimit },
            { d => d.SuggestedPerSecond, level.PerSecond },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is not { Canceled: false, Data: QuotaDialog.Choice choice })
        {
            return;
        }

        var by = await GetUserEmailAsync();
        var result = choice.Clear
            ? (await Admin.ClearQuotaAsync(row.AccountId, choice.Reason, by)).Errors
            : (await Admin.SetQuotaAsync(row.AccountId, choice.Daily, choice.PerSecond, choice.Reason, by)).Errors;
        if (result.Count == 0)
        {
            await Audit.RecordAsync(row.AccountId, await GetActorAsync(), choice.Clear ? Core.Audit.AuditActions.QuotaCleared : Core.Audit.AuditActions.QuotaSet,
                row.Name, choice.Clear ? choice.Reason : $"{choice.Daily:N0}/day, {choice.PerSecond:0.##}/s: {choice.Reason}");
        }

        await ReportAsync(result, choice.Clear ? $"{row.Name} follows its level's quota again." : $"{row.Name} may send {choice.Daily:N0} messages a day.");
    }

    private async Task ReleaseAsync(AccountStanding row)
    {
        var why = await ReasonPrompt.AskAsync(Dialogs, $"Release {row.Name}'s held mail",
            $"{row.Held:N0} marketing messages were held while {row.Name} was Bad. Released, they go to the queue and are sent.", "Release");
        if (why is null)
        {
            return;
        }

        var released = await Admin.ReleaseAsync(row.AccountId, why, await GetUserEmailAsync());
        if (released.Succeeded)
        {
            await Audit.RecordAsync(row.AccountId, await GetActorAsync(), Core.Audit.AuditActions.HeldMailReleased, row.Name, $"{released.Value:N0} messages: {why}");
        }

        await ReportAsync(released.Errors, $"{released.Value:N0} messages of {row.Name} went back to the queue.");
    }

    private async Task ReportAsync(IReadOnlyList<Error> errors, string done)
    {
        if (errors.Count > 0)
        {
            Snackbar.Add(string.Join(" ", errors.Select(e => e.Message)), Severity.Error);
            return;
        }

        Snackbar.Add(done, Severity.Success);
        _rows = await Admin.ListAsync();
    }
}
