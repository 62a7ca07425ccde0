using Microsoft.AspNetCore.Components;
using MudBlazor;
using ChartType = SmartSender.Web.Components.Shared.Charts.ChartType;
using ChartOptions = SmartSender.Web.Components.Shared.Charts.ChartOptions;
using SmartSender.Core.Campaigns;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Segments;
using SmartSender.Core.Messages;
using SmartSender.Web.Components.Shared;
using SmartSender.Web.Components.Shared.Charts;

namespace SmartSender.Web.Components.Pages.Campaigns;

public partial class CampaignPage
{
    private readonly List<BreadcrumbItem> _crumbs = [new("Campaigns", "/campaigns"), new("Campaign", null, disabled: true)];
    private Campaign? _campaign;
    private CampaignFigures? _figures;
    private List<CampaignLink> _links = [];
    private ChartConfig? _chart;
    private List<Core.Templates.Template> _templates = [];
    private List<ListSummary> _lists = [];
    private List<ContactView> _contacts = [];
    private AudienceCount? _audience;
    private List<Segment> _segments = [];
    private List<TopicSummary> _topics = [];
    private Guid? _segmentId;
    private Guid? _topicId;
    private ValidSendRequest? _preview;
    private string? _previewError;
    private List<string> _errors = [];
    private string? _name;
    private Guid? _templateId;
    private Guid? _listId;
    private string? _from;
    private string? _defaults;
    private Guid? _previewContact;
    private string? _testTo;
    private DateTime? _sendAt;
    private bool _loading = true;
    private bool _busy;
    private bool _pace;
    private PeriodicTimer? _refresh;

    [Parameter]
    public Guid? Id { get; set; }

    [CascadingParameter(Name = "DarkMode")]
    private bool Dark { get; set; }

    [Inject]
    private Core.Campaigns.Campaigns Campaigns { get; set; } = default!;

    [Inject]
    private CampaignStats Stats { get; set; } = default!;

    [Inject]
    private ContactBook Book { get; set; } = default!;

    [Inject]
    private SegmentBook SegmentBook { get; set; } = default!;

    [Inject]
    private TopicBook Topics { get; set; } = default!;

    [Inject]
    private Core.Templates.TemplateLibrary Templates { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var account = await GetAccountIdAsync();
        _templates = await Templates.ListAsync(account);
        _lists = await Book.ListsAsync(account);
        _segments = await SegmentBook.ListAsync(account);
        _topics = await Topics.ListAsync(account);
        _testTo ??= await GetUserEmailAsync();
        await LoadAsync();
        _loading = false;
        if (_campaign is { Status: CampaignStatus.Sending } && _refresh is null)
        {
            _refresh = new PeriodicTimer(TimeSpan.FromSeconds(3));
            _ = RefreshAsync(_refresh);
        }
    }

    /// <summary>The saved segments of the chosen list.</summary>
    private IEnumerable<Segment> SegmentsOfList => _segments.Where(s => s.ListId == _listId);

    /// <summary>What the selected contacts are, in words: the list's subscribers, a segment's, on a topic or not.</summary>
    private string AudienceWords =>
        (_campaign?.SegmentId is { } segment ? $"in the segment {_segments.FirstOrDefault(s => s.Id == segment)?.Name}" : "subscribed to the list")
        + (_campaign?.TopicId is { } topic ? $" and on the topic {_topics.FirstOrDefault(t => t.Id == topic)?.Name}" : "");

    private async Task LoadAsync()
    {
        var account = await GetAccountIdAsync();
        _campaign = Id is { } id ? await Campaigns.GetAsync(account, id) : null;
        if (_campaign is null)
        {
            _listId ??= _lists.FirstOrDefault()?.Id;
            _templateId ??= _templates.FirstOrDefault()?.Id;
            return;
        }

        _crumbs[1] = new BreadcrumbItem(_campaign.Name, null, disabled: true);
        (_name, _templateId, _listId, _from, _defaults) = (_campaign.Name, _campaign.TemplateId, _campaign.ListId, _campaign.From, _campaign.DefaultsJson);
        (_segmentId, _topicId) = (_campaign.SegmentId, _campaign.TopicId);
        if (_campaign.IsEditable)
        {
            _audience = (await Campaigns.AudienceAsync(account, _campaign.Id)).Value;
            _contacts = [.. (await Book.SearchAsync(account, null, _campaign.ListId, 0, 50)).Contacts];
            _previewContact ??= _contacts.FirstOrDefault()?.Id;
            return;
        }

        _figures = await Stats.FiguresAsync(_campaign);
        _links = await Stats.TopLinksAsync(_campaign);
        var hours = await Stats.HoursAsync(_campaign);
        _chart = hours.Count == 0 ? null : new ChartConfig(
            ChartType.Bar,
            new ChartData(
                [.. hours.Select(h => h.Hour.ToString("MM-dd HH:00"))],
                [
                    new ChartDataset("Delivered", [.. hours.Select(h => (double)h.Delivered)]) { BackgroundColor = "#43a047" },
                    new ChartDataset("Opened", [.. hours.Select(h => (double)h.Opened)]) { BackgroundColor = "#1e88e5" },
                    new ChartDataset("Clicked", [.. hours.Select(h => (double)h.Clicked)]) { BackgroundColor = "#8e24aa" },
                ]),
            new ChartOptions
            {
                Interaction = new ChartInteraction(),
                Scales = new Dictionary<string, ChartAxis> { ["y"] = new() { BeginAtZero = true, Ticks = new ChartTicks(Precision: 0) } },
            });
    }

    private async Task RefreshAsync(PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var saved = await Campaigns.SaveAsync(await GetAccountIdAsync(), _campaign?.Id,
                new CampaignDraft(_name, _templateId, _listId, _from, _defaults, SegmentsOfList.Any(s => s.Id == _segmentId) ? _segmentId : null, _topicId));
            _errors = [.. saved.Errors.Select(e => e.Message)];
            if (saved.Succeeded)
            {
                Snackbar.Add("Saved.", Severity.Success);
                if (_campaign is null)
                {
                    Navigation.NavigateTo($"/campaigns/{saved.Value!.Id}");
                    return;
                }

                await LoadAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PreviewAsync()
    {
        var preview = await Campaigns.PreviewAsync(await GetAccountIdAsync(), _campaign!.Id, _previewContact!.Value);
        (_preview, _previewError) = (preview.Value, preview.Succeeded ? null : string.Join(" ", preview.Errors.Select(e => e.Message)));
    }

    private async Task TestSendAsync()
    {
        var sent = await Campaigns.TestSendAsync(await GetAccountIdAsync(), _campaign!.Id, _testTo ?? "", _previewContact);
        Snackbar.Add(sent.Succeeded ? $"A test went to {_testTo}." : string.Join(" ", sent.Errors.Select(e => e.Message)), sent.Succeeded ? Severity.Success : Severity.Error);
    }

    private async Task SendAsync()
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Send the campaign",
                $"{_audience?.Recipients:N0} contacts get a message now. It can be paused or cancelled, but what is sent is sent.", "Send now"))
        {
            return;
        }

        await StartAsync(null);
    }

    private Task ScheduleAsync() => StartAsync(new DateTimeOffset(DateTime.SpecifyKind(_sendAt!.Value, DateTimeKind.Utc)));

    private async Task StartAsync(DateTimeOffset? at)
    {
        _busy = true;
        try
        {
            var started = await Campaigns.StartAsync(await GetAccountIdAsync(), _campaign!.Id, at, CancellationToken.None, _pace);
            _errors = [.. started.Errors.Select(e => e.Message)];
            if (started.Succeeded)
            {
                Snackbar.Add(at is null ? "Sending." : $"Scheduled for {at:yyyy-MM-dd HH:mm} UTC.", Severity.Success);
                await OnParametersSetAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task PauseAsync() => await ChangeAsync(await Campaigns.PauseAsync(await GetAccountIdAsync(), _campaign!.Id), "Paused: no more messages are queued, queued ones are held.");

    private async Task ResumeAsync() => await ChangeAsync(await Campaigns.ResumeAsync(await GetAccountIdAsync(), _campaign!.Id), "Resumed.");

    private async Task CancelAsync()
    {
        if (await ConfirmDialog.AskAsync(Dialogs, "Cancel the campaign", "Messages not sent yet are cancelled; those already sent are not touched. This cannot be undone.", "Cancel the campaign"))
        {
            await ChangeAsync(await Campaigns.CancelAsync(await GetAccountIdAsync(), _campaign!.Id), "Cancelled.");
        }
    }

    private async Task ChangeAsync(Core.Common.Result<Campaign> result, string done)
    {
        Snackbar.Add(result.Succeeded ? done : result.Errors[0].Message, result.Succeeded ? Severity.Success : Severity.Error);
        await LoadAsync();
    }

    private static IEnumerable<(string Label, long Value, double? Rate, string Key)> Tiles(CampaignFigures f) =>
    [
        ("Queued", f.Queued, null, "queued"),
        ("Delivered", f.Delivered, null, "delivered"),
        ("Deferred", f.Deferred, null, "deferred"),
        ("Bounced", f.Bounced, f.Rate(f.Bounced), "bounced"),
        ("Opened", f.Opened, f.Rate(f.Opened), "opened"),
        ("Clicked", f.Clicked, f.Rate(f.Clicked), "clicked"),
        ("Unsubscribed", f.Unsubscribed, f.Rate(f.Unsubscribed), "unsubscribed"),
        ("Complained", f.Complained, f.Rate(f.Complained), "complained"),
    ];

    /// <summary>The message log filtered to the campaign's messages behind a figure: waiting ones by status, the rest by outcome.</summary>
    private string MessagesBehind(string figure) =>
        $"/messages?campaign={_campaign!.Id}&" + (figure == "queued" ? "status=queued" : $"outcome={figure}");

    public void Dispose() => _refresh?.Dispose();
}
