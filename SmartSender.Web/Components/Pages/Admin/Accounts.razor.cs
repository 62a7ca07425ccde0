using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Closure;
using SmartSender.Core.Common;
using SmartSender.Core.Users;
using SmartSender.Web.Components.Shared;

namespace SmartSender.Web.Components.Pages.Admin;

public partial class Accounts
{
    private IReadOnlyList<AccountSummary>? _accounts;
    private Dictionary<string, string> _errors = [];
    private InvitationSent? _invited;
    private ExportOffered? _offered;
    private Guid? _inviteAccount;
    private InvitationSent? _inviteResult;
    private string? _inviteEmail;
    private string? _inviteError;
    private AccountRole _inviteRole = AccountRole.Owner;
    private string? _name;
    private string? _owner;
    private bool _busy;

    [Inject]
    private AccountRegistry Registry { get; set; } = default!;

    [Inject]
    private ClosureDecisions Decisions { get; set; } = default!;

    [Inject]
    private Invitations Invitations { get; set; } = default!;

    [Inject]
    private AuditLog Audit { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _accounts = await Registry.ListAsync();

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var created = await Registry.CreateAsync(_name, _owner, await GetUserEmailAsync());
            _errors = created.Errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)));
            if (!created.Succeeded)
            {
                var general = created.Errors.Where(e => e.Field is null).Select(e => e.Message).ToList();
                if (general.Count > 0)
                {
                    Snackbar.Add(string.Join(" ", general), Severity.Error);
                }

                return;
            }

            _invited = created.Value;
            var actor = await GetActorAsync();
            await Audit.RecordAsync(_invited!.Invitation.AccountId, actor, AuditActions.AccountCreated, _name?.Trim());
            await Audit.RecordAsync(_invited.Invitation.AccountId, actor, AuditActions.UserInvited, _invited.Invitation.Email,
                $"as Owner{(_invited.MailError is null ? "" : "; the mail was not sent: " + _invited.MailError.Message)}");
            (_name, _owner) = (null, null);
            _accounts = await Registry.ListAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task InviteAsync()
    {
        _busy = true;
        try
        {
            var invited = await Invitations.InviteAsync(_inviteAccount!.Value, _inviteEmail, _inviteRole, await GetUserEmailAsync());
            _inviteError = invited.Succeeded ? null : string.Join(" ", invited.Errors.Select(e => e.Message));
            if (invited.Succeeded)
            {
                _inviteResult = invited.Value;
                await Audit.RecordAsync(_inviteAccount, await GetActorAsync(), AuditActions.UserInvited, _inviteResult!.Invitation.Email,
                    $"as {_inviteRole}, by the operator's support{(_inviteResult.MailError is null ? "" : "; the mail was not sent: " + _inviteResult.MailError.Message)}");
                _inviteEmail = null;
                _accounts = await Registry.ListAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReopenAsync(AccountSummary account)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Reopen {account.Name}?",
            $"{account.Name} can sign in and send again. Its API keys stay revoked (its users create new ones) and cancelled mail stays cancelled.", $"Reopen {account.Name}"))
        {
            return;
        }

        var reopened = await Decisions.ReopenAsync(account.Id);
        if (!reopened.Succeeded)
        {
            Snackbar.Add(reopened.Errors[0].Message, Severity.Error);
            return;
        }

        await Audit.RecordAsync(account.Id, await GetActorAsync(), AuditActions.AccountReopened, account.Name);
        Snackbar.Add($"{account.Name} is open again.", Severity.Success);
        _accounts = await Registry.ListAsync();
    }

    private async Task OfferExportAsync(AccountSummary account)
    {
        _busy = true;
        try
        {
            var offered = await Decisions.OfferExportAgainAsync(account.Id);
            if (!offered.Succeeded)
            {
                Snackbar.Add(offered.Errors[0].Message, Severity.Error);
                return;
            }

            _offered = offered.Value;
            await Audit.RecordAsync(account.Id, await GetActorAsync(), AuditActions.ExportOffered, account.Name,
                $"to {_offered!.Account.ClosureRequestedBy}, until {_offered.ExpiresAt:yyyy-MM-dd HH:mm}");
        }
        finally
        {
            _busy = false;
        }
    }

    private static string State(AccountSummary account) => account.State switch
    {
        AccountState.ClosureRequested => "Closure requested",
        AccountState.Closed => $"Closed on {account.ClosedAt:yyyy-MM-dd}; its data is deleted on {account.PurgeAt:yyyy-MM-dd} unless reopened",
        AccountState.Purged => "Closed and purged",
        _ => "Open",
    };
}
