using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Web.Components.Shared;

namespace SmartSender.Web.Components.Pages.Account;

public partial class AccountOverview
{
    private List<ApiKey>? _keys;
    private string? _accountName;
    private string _newName = "";
    private string? _createError;
    private bool _busy;

    [Inject]
    private ApiKeyService Keys { get; set; } = default!;

    [Inject]
    private AccountDirectory Accounts { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var accountId = await GetAccountIdAsync();
        _accountName = (await Accounts.GetAsync(accountId))?.Name;
        _keys = await Keys.ListAsync(accountId);
    }

    private async Task CreateOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await CreateAsync();
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        try
        {
            var accountId = await GetAccountIdAsync();
            var created = await Keys.CreateAsync(accountId, _newName);
            if (!created.Succeeded)
            {
                _createError = created.Errors[0].Message;
                return;
            }

            _createError = null;
            _newName = "";
            _keys = await Keys.ListAsync(accountId);
            var parameters = new DialogParameters<NewApiKeyDialog> { { d => d.Created, created.Value! } };
            await Dialogs.ShowAsync<NewApiKeyDialog>("Your new API key", parameters, new DialogOptions { BackdropClick = false, MaxWidth = MaxWidth.Medium, FullWidth = true });
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiKey key)
    {
        var confirmed = await ConfirmDialog.AskAsync(
            Dialogs,
            "Revoke this key?",
            $"Programs using “{key.Name}” will be refused from their next request. This cannot be undone.",
            "Revoke key");
        if (!confirmed)
        {
            return;
        }

        var accountId = await GetAccountIdAsync();
        var revoked = await Keys.RevokeAsync(accountId, key.Id);
        Snackbar.Add(revoked.Succeeded ? $"Key “{key.Name}” revoked." : revoked.Errors[0].Message, revoked.Succeeded ? Severity.Success : Severity.Error);
        _keys = await Keys.ListAsync(accountId);
    }
}
