using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Common;
using SmartSender.Core.Templates;

namespace SmartSender.Web.Components.Pages.Templates;

public partial class Templates
{
    private List<Template>? _templates;
    private bool _showArchived;

    [Inject]
    private Core.Audit.AuditLog Audit { get; set; } = default!;

    [Inject]
    private TemplateLibrary Library { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _templates = await Library.ListAsync(await GetAccountIdAsync(), _showArchived);

    private async Task ShowArchivedAsync(bool show)
    {
        _showArchived = show;
        await LoadAsync();
    }

    private async Task DuplicateAsync(Template template)
    {
        var copy = await Library.DuplicateAsync(await GetAccountIdAsync(), template.Id);
        if (Report(copy, $"Duplicated as {copy.Value?.Name}."))
        {
            Navigation.NavigateTo($"/templates/{copy.Value!.Id}");
        }
    }

    private async Task ArchiveAsync(Template template)
    {
        var confirmed = await Shared.ConfirmDialog.AskAsync(Dialogs, $"Archive {template.Name}?",
            "An archived template cannot be sent with, so API requests that name it are refused. Its versions and the messages made from it are kept, and you can restore it at any time.",
            "Archive");
        if (confirmed && Report(await Library.ArchiveAsync(await GetAccountIdAsync(), template.Id), $"{template.Name} is archived."))
        {
            await Audit.RecordAsync(await GetAccountIdAsync(), await GetActorAsync(), Core.Audit.AuditActions.TemplateArchived, template.Name);
            await LoadAsync();
        }
    }

    private async Task UnarchiveAsync(Template template)
    {
        if (Report(await Library.UnarchiveAsync(await GetAccountIdAsync(), template.Id), $"{template.Name} is back in use."))
        {
            await LoadAsync();
        }
    }

    private bool Report(Result<Template> result, string success)
    {
        Snackbar.Add(result.Succeeded ? success : result.Errors[0].Message, result.Succeeded ? Severity.Success : Severity.Error);
        return result.Succeeded;
    }
}
