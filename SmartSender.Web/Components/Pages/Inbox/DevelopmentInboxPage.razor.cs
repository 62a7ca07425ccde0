using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Web.DevTools;

namespace SmartSender.Web.Components.Pages.Inbox;

public partial class DevelopmentInboxPage
{
    private IReadOnlyList<InboxEntry> _entries = [];
    private InboxMessage? _open;
    private bool _opening;

    [Parameter]
    public string? Id { get; set; }

    [Inject]
    private IServiceProvider Services { get; set; } = default!;

    [Inject]
    private IHostEnvironment Environment { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private DevelopmentInbox? Inbox => Services.GetService<DevelopmentInbox>() is { InUse: true } inbox ? inbox : null;

    protected override async Task OnParametersSetAsync()
    {
        if (Inbox is not { } inbox)
        {
            return;
        }

        _entries = inbox.List();
        _opening = true;
        _open = Id is null ? null : await inbox.OpenAsync(Id, CancellationToken.None);
        _opening = false;
    }

    private void Open(string? id) => Navigation.NavigateTo(id is null ? "/dev/inbox" : $"/dev/inbox/{id}");

    private void Refresh() => _entries = Inbox?.List() ?? [];

    private async Task ClearAsync()
    {
        if (!await Shared.ConfirmDialog.AskAsync(Dialogs, "Empty the development inbox?",
                $"The {_entries.Count} captured message(s) are deleted from {Inbox!.Folder}. The messages themselves stay on the Messages page.", "Empty the inbox"))
        {
            return;
        }

        var deleted = Inbox.Clear();
        Snackbar.Add($"{deleted} message(s) deleted.", Severity.Success);
        _entries = [];
        _open = null;
        Navigation.NavigateTo("/dev/inbox");
    }
}
