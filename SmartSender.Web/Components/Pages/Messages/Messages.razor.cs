using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Messages;

namespace SmartSender.Web.Components.Pages.Messages;

public partial class Messages
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    private MudTable<MessageSummary>? _table;
    private bool _hasQueued;
    private ITimer? _refresh;

    [Inject]
    private MessageLog Log { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private async Task<TableData<MessageSummary>> LoadAsync(TableState state, CancellationToken ct)
    {
        var page = await Log.ListAsync(await GetAccountIdAsync(), state.Page, state.PageSize, ct);
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

    /// <summary>While a message on the page is still queued, look again shortly, so its outcome shows without a reload.</summary>
    private void ScheduleRefresh()
    {
        _refresh?.Dispose();
        _refresh = _hasQueued
            ? Clock.CreateTimer(_ => InvokeAsync(ReloadAsync), null, RefreshEvery, Timeout.InfiniteTimeSpan)
            : null;
    }

    private Task ReloadAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private void Open(TableRowClickEventArgs<MessageSummary> row)
    {
        if (row.Item is not null)
        {
            Navigation.NavigateTo($"/messages/{row.Item.Id}");
        }
    }

    public void Dispose() => _refresh?.Dispose();
}
