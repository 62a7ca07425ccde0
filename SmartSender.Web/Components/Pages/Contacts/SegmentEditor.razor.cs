using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Common;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Segments;

namespace SmartSender.Web.Components.Pages.Contacts;

/// <summary>Builds a segment condition by condition, counts whom it selects before it is saved, saves and deletes it.</summary>
public partial class SegmentEditor
{
    private readonly List<BreadcrumbItem> _crumbs = [new("Contacts", "/contacts"), new("Segment", null, disabled: true)];
    private readonly List<ConditionRow> _conditions = [];
    private bool _loading = true;
    private bool _busy;
    private Segment? _saved;
    private List<ListSummary> _lists = [];
    private List<TopicSummary> _topics = [];
    private List<ContactField> _fields = [];
    private string? _name;
    private Guid _listId;
    private Guid? _topicId;
    private SegmentMatch _match = SegmentMatch.All;
    private SegmentPreview? _preview;
    private string? _problem;
    private IReadOnlyList<Error> _errors = [];

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private SegmentBook Segments { get; set; } = default!;

    [Inject]
    private ContactBook Contacts { get; set; } = default!;

    [Inject]
    private TopicBook Topics { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Every field a condition can be on, with the words the editor shows for it.</summary>
    private IEnumerable<(string Value, string Label)> FieldChoices =>
        new[] { ("email", "Email address"), ("name", "Name"), ("created_at", "Date added") }
            .Concat(_fields.Select(f => (f.Name, $"{f.Name} ({f.Type.ToString().ToLowerInvariant()})")))
            .Concat(_lists.Select(l => ($"list:{l.Id}", $"List: {l.Name}")))
            .Concat(_topics.Select(t => ($"topic:{t.Id}", $"Topic: {t.Name}")));

    protected override async Task OnInitializedAsync()
    {
        var accountId = await GetAccountIdAsync();
        _lists = await Contacts.ListsAsync(accountId);
        _topics = await Topics.ListAsync(accountId);
        _fields = await Contacts.FieldsAsync(accountId);
        if (Id is { } id && (_saved = await Segments.GetAsync(accountId, id)) is not null)
        {
            (_name, _listId, _match) = (_saved.Name, _saved.ListId, _saved.Match);
            _conditions.AddRange(_saved.Conditions.Select(c => new ConditionRow { Field = c.Field, Op = c.Op, Value = c.Value }));
            _crumbs[1] = new BreadcrumbItem(_saved.Name, null, disabled: true);
        }
        else if (_lists.Count > 0)
        {
            _listId = _lists[0].Id;
        }

        _loading = false;
    }

    private IEnumerable<string> OperatorsFor(string field) =>
        SegmentRules.TypeOf(field, _fields.ToDictionary(f => f.Name, f => f.Type)) is { } type ? SegmentRules.OperatorsByType[type] : [];

    private void FieldChanged(ConditionRow row, string field)
    {
        row.Field = field;
        if (!OperatorsFor(field).Contains(row.Op))
        {
            row.Op = OperatorsFor(field).FirstOrDefault() ?? "";
            row.Value = null;
        }
    }

    private void AddCondition() => _conditions.Add(new ConditionRow { Field = "email", Op = "ends_with" });

    private string ValueLabel(ConditionRow row) => (SegmentRules.TypeOf(row.Field, _fields.ToDictionary(f => f.Name, f => f.Type)), row.Op) switch
    {
        (_, "in_last_days") => "Days",
        ("date", _) => "Date (yyyy-mm-dd)",
        ("number", _) => "Number",
        _ => "Value",
    };

    private static string OperatorWords(string op) => op switch
    {
        "equals" => "equals",
        "not_equals" => "does not equal",
        "contains" => "contains",
        "not_contains" => "does not contain",
        "starts_with" => "starts with",
        "ends_with" => "ends with",
        "is_set" => "is set",
        "is_not_set" => "is not set",
        "gt" => "is more than",
        "gte" => "is at least",
        "lt" => "is less than",
        "lte" => "is at most",
        "on" => "is on",
        "before" => "is before",
        "after" => "is after",
        "in_last_days" => "is within the last",
        "is_true" => "is yes",
        "is_false" => "is no",
        "subscribed" => "is subscribed",
        "not_subscribed" => "is not subscribed",
        _ => op,
    };

    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private IReadOnlyList<SegmentCondition> Conditions => [.. _conditions.Select(c => new SegmentCondition(c.Field, c.Op, SegmentRules.TakesValue(c.Op) ? c.Value : null))];

    private async Task PreviewAsync()
    {
        _busy = true;
        try
        {
            var preview = await Segments.PreviewDraftAsync(await GetAccountIdAsync(), _listId, _topicId, new SegmentDraft(_match, Conditions));
            Show(preview.Errors);
            _preview = preview.Value;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var saved = await Segments.SaveAsync(await GetAccountIdAsync(), _saved?.Id, _name, _listId, _match.ToString(), Conditions);
            Show(saved.Errors);
            if (saved.Succeeded)
            {
                Snackbar.Add($"{saved.Value!.Name} is saved.", Severity.Success);
                if (_saved is null)
                {
                    Navigation.NavigateTo($"/contacts/segments/{saved.Value.Id}");
                }

                _saved = saved.Value;
                _crumbs[1] = new BreadcrumbItem(_saved.Name, null, disabled: true);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync()
    {
        if (_saved is null || !await Shared.ConfirmDialog.AskAsync(Dialogs, $"Delete {_saved.Name}?",
                "The segment's contacts stay where they are; only the conditions go. Campaigns already sent keep their figures.", "Delete"))
        {
            return;
        }

        var deleted = await Segments.DeleteAsync(await GetAccountIdAsync(), _saved.Id);
        if (deleted.Succeeded)
        {
            Snackbar.Add($"{_saved.Name} is deleted.", Severity.Success);
            Navigation.NavigateTo("/contacts");
        }
        else
        {
            Show(deleted.Errors);
        }
    }

    // Errors of a field show beside it; any other in the alert under the conditions.
    private void Show(IReadOnlyList<Error> errors)
    {
        _errors = errors;
        var known = new HashSet<string?>(["name", .. _conditions.Select((_, i) => $"conditions[{i}]")]);
        _problem = errors.Where(e => !known.Contains(e.Field)).Select(e => e.Message).FirstOrDefault();
    }

    private sealed class ConditionRow
    {
        public string Field { get; set; } = "email";

        public string Op { get; set; } = "ends_with";

        public string? Value { get; set; }
    }
}
