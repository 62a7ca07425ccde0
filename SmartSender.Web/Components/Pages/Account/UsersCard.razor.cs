using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Common;
using SmartSender.Core.Users;
using SmartSender.Web.Components.Shared;

namespace SmartSender.Web.Components.Pages.Account;

public partial class UsersCard
{
    private IReadOnlyList<AccountUser>? _users;
    private IReadOnlyList<Invitation> _invitations = [];
    private InvitationSent? _invited;
    private string? _email;
    private string? _inviteError;
    private string? _me;
    private AccountRole _role = AccountRole.Developer;
    private bool _busy;

    [Inject]
    private AccountUsers Users { get; set; } = default!;

    [Inject]
    private Invitations Invitations { get; set; } = default!;

    [Inject]
    private AuditLog Audit { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnInitializedAsync()
    {
        _me = await GetUserEmailAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var account = await GetAccountIdAsync();
        _users = await Users.ListAsync(account);
        _invitations = await Invitations.ListOpenAsync(account);
    }

    private async Task InviteAsync()
    {
        _busy = true;
        try
        {
            var invited = await Invitations.InviteAsync(await GetAccountIdAsync(), _email, _role, _me!);
            _inviteError = invited.Succeeded ? null : string.Join(" ", invited.Errors.Select(e => e.Message));
            _invited = invited.Value;
            if (invited.Succeeded)
            {
                await Audit.RecordAsync(await GetAccountIdAsync(), await GetActorAsync(), AuditActions.UserInvited, _invited!.Invitation.Email,
                    $"as {_role}{(_invited.MailError is null ? "" : "; the mail was not sent: " + _invited.MailError.Message)}");
                _email = null;
                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ChangeRoleAsync(AccountUser user, AccountRole role)
    {
        var changed = await Users.ChangeRoleAsync(await GetAccountIdAsync(), user.Id, role);
        if (!changed.Succeeded)
        {
            Snackbar.Add(changed.Errors[0].Message, Severity.Error);
            return;
        }

        await Audit.RecordAsync(await GetAccountIdAsync(), await GetActorAsync(), AuditActions.UserRoleChanged, user.Email, $"{user.Role} → {role}");
        Snackbar.Add($"{user.Email} is now {role}; it applies from their next page.", Severity.Success);
        await LoadAsync();
    }

    private async Task RemoveAsync(AccountUser user)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, $"Remove {user.Email}?", $"{user.Email} is signed out and can no longer sign in to this account. What they did stays in the audit log.", "Remove user"))
        {
            return;
        }

        var removed = await Users.RemoveAsync(await GetAccountIdAsync(), user.Id);
        if (!removed.Succeeded)
        {
            Snackbar.Add(removed.Errors[0].Message, Severity.Error);
            return;
        }

        await Audit.RecordAsync(await GetAccountIdAsync(), await GetActorAsync(), AuditActions.UserRemoved, user.Email, $"was {user.Role}");
        Snackbar.Add($"{user.Email} was removed.", Severity.Success);
        await LoadAsync();
    }

    private async Task WithdrawAsync(Invitation invitation)
    {
        var withdrawn = await Invitations.WithdrawAsync(await GetAccountIdAsync(), invitation.Id);
        if (withdrawn.Succeeded)
        {
            await Audit.RecordAsync(await GetAccountIdAsync(), await GetActorAsync(), AuditActions.InvitationWithdrawn, invitation.Email);
        }

        await LoadAsync();
    }
}
