using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using SmartSender.Core.Domains;

namespace SmartSender.Web.Components.Pages.Domains;

public partial class Domains
{
    private List<SendingDomain>? _domains;
    private string _name = "";
    private string? _selector;
    private string? _error;
    private string? _selectorError;
    private bool _busy;

    [Inject]
    private Core.Audit.AuditLog Audit { get; set; } = default!;

    [Inject]
    private SendingDomains Service { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnInitializedAsync() => _domains = await Service.ListAsync(await GetAccountIdAsync());

    private async Task AddOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await AddAsync();
        }
    }

    private async Task AddAsync()
    {
        _busy = true;
        try
        {
            var account = await GetAccountIdAsync();
            var added = await Service.AddAsync(account, _name, _selector);
            if (!added.Succeeded)
            {
                var error = added.Errors[0];
                _error = error.Field == "selector" ? null : error.Message;
                _selectorError = error.Field == "selector" ? error.Message : null;
                return;
            }

            await Audit.RecordAsync(account, await GetActorAsync(), Core.Audit.AuditActions.DomainAdded, added.Value!.Name);

            Navigation.NavigateTo($"/domains/{added.Value!.Id}");
        }
        finally
        {
            _busy = false;
        }
    }
}
