using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;

namespace SmartSender.Web.Components.Pages.Messages;

public partial class Messages
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private MudTable<MessageSummary>? _table;
    private bool _hasQueued;
    private bool _more;
    private ITimer? _refresh;
    private MessageFilter _filter = MessageFilter.None;
    private IReadOnlyList<string> _domains = [];
    private IReadOnlyList<string> _providers = [];
    private IReadOnlyList<string> _tags = [];
    private List<(Guid Id, string Name)> _templates = [];
    private Dictionary<Guid, string> _templateNames = [];
    private bool _drawerOpen;
    private Message? _selected;

    private bool _rescheduling;

    [Inject]
    private MessageLog Log { get; set; } = default!;

    [Inject]
    private AccountStats Stats { get; set; } = default!;

    [Inject]
    private TemplateLibrary Templates { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private MessageCancellation Cancellation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string ExportUrl => "/export/messages.csv" + MessageQuery.ToQueryString(_filter);

    protected override async Task OnInitializedAsync()
    {
        var account = await GetAccountIdAsync();
        var now = Clock.GetUtcNow().UtcDateTime;
        var choices = await Stats.ChoicesAsync(account, now);
        (_domains, _providers, _tags) = (choices.Domains, choices.Providers, choices.Tags);
        _templates = [.. (await Templates.ListAsync(account, includeArchived: true)).Select(t => (t.Id, t.Name)).OrderBy(t => t.Name)];
        _templateNames = _templates.ToDictionary(t => t.Id, t => t.Name);
    }

    protected override async Task OnParametersSetAsync()
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        var filter = MessageQuery.Parse(name => query.TryGetValue(name, out var v) ? v.ToString() : null);
        if (filter != _filter)
        {
            _filter = filter;
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }
        }
    }

    private async Task<TableData<MessageSummary>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Log.ListAsync(await GetAccountIdAsync(), _filter, state.Page, state.PageSize, ct);
        if (page.More != _more)
        {
            _more = page.More;
            StateHasChanged();
        }

        var hadQueued = _hasQueued;
        _hasQueued = page.Items.Any(m => m.Status == MessageStatus.Queued);
        if (hadQueued != _hasQueued)
        {
            // The table re-renders itself; the note above it belongs to the page.
            StateHasChanged();
        }

        ScheduleRefresh();
        return new TableData<MessageSummary> { Items = page.Items, TotalItems = page.Total };
    }

    /// <summary>Puts the filters in the URL, so the view can be shared and reloaded, and shows the first page.</summary>
    private async Task ApplyAsync(MessageFilter filter)
    {
        _filter = filter;
        Navigation.NavigateTo("/messages" + MessageQuery.ToQueryString(filter));
        if (_table is not null)
        {
            // Back to the first page: the old page number may be past the end of the filtered list.
            _table.NavigateTo(0);
            await _table.ReloadServerData();
        }
    }

    /// <summary>While a message on the page is still queued, look again shortly, so its outcome shows without a reload.</summary>
    private void ScheduleRefresh()
    {
        _refresh?.Dispose();
        _refresh = _hasQueued
            ? Clock.CreateTimer(_ => InvokeAsync(ReloadAsync), null, RefreshEvery, Timeout.InfiniteTimeSpan)
            : null;
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private async Task Open(TableRowClickEventArgs<MessageSummary> row)
    {
        if (row.Item is null)
        {
            return;
        }

        (_selected, _drawerOpen) = (null, true);
        _selected = await Log.FindAsync(await GetAccountIdAsync(), row.Item.Id);
    }

    /// <summary>Cancels the drawer's message after asking; it stays open with the message as it is now.</summary>
    private async Task CancelSelectedAsync()
    {
        if (_selected is not { } message)
        {
            return;
        }

        var confirmed = await Shared.ConfirmDialog.AskAsync(Dialogs, "Cancel this message?",
            $"The message to {message.To} will never be sent. Its timeline keeps a Cancelled event, and webhooks hear of it.", "Cancel message", dismissText: "Keep it");
        if (!confirmed)
        {
            return;
        }

        var account = await GetAccountIdAsync();
        var result = await Cancellation.CancelAsync(account, message.Id, await GetUserEmailAsync());
        Snackbar.Add(result.Succeeded ? "The message is cancelled." : result.Errors[0].Message, result.Succeeded ? Severity.Success : Severity.Error);
        _selected = await Log.FindAsync(account, message.Id);
        await ReloadAsync();
    }

    private async Task RescheduledAsync(DateTime at)
    {
        _rescheduling = false;
        Snackbar.Add($"The message is now due at {at:yyyy-MM-dd HH:mm} UTC.", Severity.Success);
        _selected = await Log.FindAsync(await GetAccountIdAsync(), _selected!.Id);
        await ReloadAsync();
    }

    /// <summary>A closed drawer lets go of its message, so nothing of it stays on the page.</summary>
    private void DrawerChanged(bool open)
    {
        _rescheduling = false;
        _drawerOpen = open;
        if (!open)
        {
            _selected = null;
        }
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public void Dispose() => _refresh?.Dispose();
}
