using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Domains;

namespace SmartSender.Web.Components.Pages.Domains;

public partial class DomainDetail
{
    private SendingDomain? _domain;
    private IReadOnlyList<PublishedRecord> _records = [];
    private bool _loading = true;
    private bool _verifying;
    private readonly List<BreadcrumbItem> _crumbs = [new("Domains", "/domains"), new("Domain", null, disabled: true)];

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private SendingDomains Service { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private Core.Tracking.MessageLinks Links { get; set; } = default!;

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    private Severity SummarySeverity => _domain!.Status switch
    {
        DomainStatus.Verified => Severity.Success,
        DomainStatus.Failing => Severity.Error,
        _ => Severity.Info,
    };

    private string Summary => _domain!.Status switch
    {
        DomainStatus.Verified => $"{_domain.Name} can send: ownership, SPF and DKIM are verified.",
        DomainStatus.Failing => $"{_domain.Name} cannot send: mail from it is refused as unsigned until the records marked Failing or Missing below are fixed.",
        _ => $"Publish the records below at your DNS provider, then press Verify. Until ownership, SPF and DKIM are verified, mail from {_domain.Name} is refused as unsigned.",
    };

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        Show(await Service.GetAsync(await GetAccountIdAsync(), Id));
        _loading = false;
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        try
        {
            var result = await Service.VerifyAsync(await GetAccountIdAsync(), Id);
            if (!result.Succeeded)
            {
                Snackbar.Add(result.Errors[0].Message, Severity.Error);
                return;
            }

            Show(await Service.GetAsync(await GetAccountIdAsync(), Id));
            Snackbar.Add(_domain!.CanSend ? $"{_domain.Name} is verified." : "Checked. See each record for what DNS shows.", _domain.CanSend ? Severity.Success : Severity.Info);
        }
        finally
        {
            _verifying = false;
        }
    }

    /// <summary>Development only: the records go into the development DNS zone, then the domain is checked against it.</summary>
    private async Task PublishToDevelopmentDnsAsync()
    {
        if (Services.GetService<DevTools.DevelopmentDns>() is not { } zone)
        {
            return;
        }

        zone.Publish(_records);
        await VerifyAsync();
    }

    private async Task SetTrackingAsync(bool on)
    {
        var changed = await Service.SetTrackingAsync(await GetAccountIdAsync(), _domain!.Id, on);
        if (changed.Succeeded)
        {
            Show(changed.Value);
            Snackbar.Add(on ? "Tracking is on for this domain's new mail." : "Tracking is off for this domain's new mail.", Severity.Success);
        }
    }

    private async Task ScheduleRotationAsync(int? days)
    {
        var changed = await Service.ScheduleKeyRotationAsync(await GetAccountIdAsync(), _domain!.Id, days);
        if (changed.Succeeded)
        {
            Show(changed.Value);
            Snackbar.Add(days is null ? "The key is rotated by hand only." : $"The key is rotated every {days} days.", Severity.Success);
        }
        else
        {
            Snackbar.Add(changed.Errors[0].Message, Severity.Error);
        }
    }

    private async Task RotateAsync()
    {
        var selector = $"ss{Clock.GetUtcNow():yyyyMMdd}";
        var confirmed = await Shared.ConfirmDialog.AskAsync(Dialogs, "Rotate the DKIM key?",
            $"A new key is created under the selector {selector}. Publish its record; once it is verified it starts signing and the current key retires. Mail keeps being signed with the current key until then.",
            "Create new key");
        if (!confirmed)
        {
            return;
        }

        var result = await Service.StartKeyRotationAsync(await GetAccountIdAsync(), Id, selector);
        Snackbar.Add(result.Succeeded ? $"New key {selector} created: publish its record below." : result.Errors[0].Message, result.Succeeded ? Severity.Success : Severity.Error);
        Show(await Service.GetAsync(await GetAccountIdAsync(), Id));
    }

    private void Show(SendingDomain? domain)
    {
        _domain = domain;
        _records = domain is null ? [] : Service.RecordsOf(domain);
        if (domain is not null)
        {
            _crumbs[1] = new BreadcrumbItem(domain.Name, null, disabled: true);
        }
    }
}
