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

    /// <summary>The operator's own account, which is never closed: its closing card is not offered.</summary>
    private bool _isOperator;
    private string _newName = "";
    private ApiKeyScope _newScope = ApiKeyScope.Full;
    private IReadOnlyCollection<string> _newDomains = [];
    private string? _newNetworks;
    private bool _newTest;
    private string? _limitsError;
    private List<string> _domainNames = [];
    private List<string> _verifiedDomainNames = [];
    private string? _createError;
    private bool _busy;

    [Inject]
    private ApiKeyService Keys { get; set; } = default!;

    [Inject]
    private AccountDirectory Accounts { get; set; } = default!;

    [Inject]
    private Core.Audit.AuditLog Audit { get; set; } = default!;

    [Inject]
    private Core.Domains.SendingDomains Domains { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var accountId = await GetAccountIdAsync();
        var account = await Accounts.GetAsync(accountId);
        (_accountName, _isOperator) = (account?.Name, account?.IsOperator == true);
        _keys = await Keys.ListAsync(accountId);
        var domains = await Domains.ListAsync(accountId);
        _domainNames = [.. domains.Select(d => d.Name).Order(StringComparer.Ordinal)];
        _verifiedDomainNames = [.. domains.Where(d => d.CanSend).Select(d => d.Name).Order(StringComparer.Ordinal)];
    }

    /// <summary>A domain the new key may send from, verified where one is, for the example request.</summary>
    private string ExampleDomain(ApiKey key)
    {
        var allowed = key.Limits.Domains;
        var usable = allowed.Count == 0 ? _domainNames : allowed;
        return usable.FirstOrDefault(_verifiedDomainNames.Contains) ?? usable.FirstOrDefault() ?? "your-domain.example";
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
            var networks = (_newNetworks ?? "").Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries);
            var created = await Keys.CreateAsync(accountId, _newName, _newScope, [.. _newDomains], networks, test: _newTest);
            if (!created.Succeeded)
            {
                _createError = Messages(created.Errors.Where(e => e.Field == "name"));
                _limitsError = Messages(created.Errors.Where(e => e.Field != "name"));
                return;
            }

            (_createError, _limitsError) = (null, null);
            await Audit.RecordAsync(accountId, await GetActorAsync(), Core.Audit.AuditActions.ApiKeyCreated, created.Value!.Key.Name,
                $"{created.Value.Key.Prefix}…, {LimitsText(created.Value.Key)}");
            (_newName, _newScope, _newDomains, _newNetworks, _newTest) = ("", ApiKeyScope.Full, [], null, false);
            _keys = await Keys.ListAsync(accountId);
            var parameters = new DialogParameters<NewApiKeyDialog>
            {
                { d => d.Created, created.Value! },
                { d => d.ExampleFrom, $"hello@{ExampleDomain(created.Value!.Key)}" },
            };
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
        if (revoked.Succeeded)
        {
            await Audit.RecordAsync(accountId, await GetActorAsync(), Core.Audit.AuditActions.ApiKeyRevoked, key.Name, $"{key.Prefix}…");
        }

        Snackbar.Add(revoked.Succeeded ? $"Key “{key.Name}” revoked." : revoked.Errors[0].Message, revoked.Succeeded ? Severity.Success : Severity.Error);
        _keys = await Keys.ListAsync(accountId);
    }

    private static string? Messages(IEnumerable<Core.Common.Error> errors) => errors.Any() ? string.Join(" ", errors.Select(e => e.Message)) : null;

    private static string LimitsText(ApiKey key)
    {
        var limits = key.Limits;
        var text = (limits.Scope == ApiKeyScope.Send ? "Send only" : "Full API") + (key.Test ? ", test mode" : "");
        if (limits.Domains.Count > 0)
        {
            text += $", from {string.Join(", ", limits.Domains)}";
        }

        return limits.Networks.Count > 0 ? $"{text}; used from {string.Join(", ", limits.Networks)}" : text;
    }
}
