using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Closure;
using SmartSender.Web.Components.Shared;

namespace SmartSender.Web.Components.Pages.Admin;

public partial class ClosureRequests
{
    private IReadOnlyList<ClosureRequest>? _requests;
    private ClosureApproved? _approved;
    private bool _busy;

    [Inject]
    private AccountClosure Closure { get; set; } = default!;

    [Inject]
    private ClosureDecisions Decisions { get; set; } = default!;

    [Inject]
    private AuditLog Audit { get; set; } = default!;

    [Inject]
    private IOptions<AccountsOptions> Options { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private int RetentionDays => (int)Options.Value.ClosureRetention.TotalDays;

    protected override async Task OnInitializedAsync() => _requests = await Closure.ListRequestsAsync();

    private async Task ApproveAsync(ClosureRequest request)
    {
        var waiting = request.QueuedMessages + request.HeldMessages;
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Close {request.Name}?",
            $"{request.Name} stops sending now: {waiting:N0} waiting messages are cancelled, every API key is revoked and its users are signed out. " +
            $"{request.RequestedBy} gets a link to the export. The data is deleted in {RetentionDays} days unless the account is reopened before.", $"Close {request.Name}"))
        {
            return;
        }

        _busy = true;
        try
        {
            var approved = await Decisions.ApproveAsync(request.AccountId, await GetUserEmailAsync());
            if (!approved.Succeeded)
            {
                Snackbar.Add(approved.Errors[0].Message, Severity.Error);
                return;
            }

            _approved = approved.Value;
            await Audit.RecordAsync(request.AccountId, await GetActorAsync(), AuditActions.ClosureApproved, request.Name,
                $"{_approved!.CancelledMessages:N0} messages cancelled, {_approved.RevokedKeys:N0} keys revoked; purge on {_approved.PurgeAt:yyyy-MM-dd}");
            _requests = await Closure.ListRequestsAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RejectAsync(ClosureRequest request)
    {
        var why = await ReasonPrompt.AskAsync(Dialogs, $"Reject closing {request.Name}",
            $"The account stays open and {request.RequestedBy} is told why by mail.", "Reject request");
        if (why is null)
        {
            return;
        }

        var rejected = await Decisions.RejectAsync(request.AccountId, why);
        if (!rejected.Succeeded)
        {
            Snackbar.Add(rejected.Errors[0].Message, Severity.Error);
            return;
        }

        await Audit.RecordAsync(request.AccountId, await GetActorAsync(), AuditActions.ClosureRejected, request.Name, why);
        Snackbar.Add($"The request to close {request.Name} was rejected; the account stays open.", Severity.Success);
        _requests = await Closure.ListRequestsAsync();
    }

    private static string Count(int n, string thing) => $"{n:N0} {thing}{(n == 1 ? "" : "s")}";

    private string Age(DateTime at)
    {
        var age = Clock.GetUtcNow().UtcDateTime - at;
        return age.TotalHours < 1 ? $"{Math.Max(0, (int)age.TotalMinutes)} min" : age.TotalDays < 2 ? $"{(int)age.TotalHours} h" : $"{(int)age.TotalDays} days";
    }
}
