using System.Text.Json;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;

namespace SmartSender.Web.Components.Pages.Compose;

/// <summary>One message to one recipient from the browser, checked and previewed by the same code the API uses.</summary>
public partial class Compose
{
    private List<Template>? _templates;
    private string? _fromAddress;
    private string _fromName = "";
    private string _to = "";
    private string _replyTo = "";
    private MessageStream _stream = MessageStream.Transactional;
    private bool _useTemplate = true;
    private Guid? _templateId;
    private string _variables = "{}";
    private string _subject = "";
    private string _html = "";
    private string _text = "";
    private bool _schedule;
    private DateTime? _sendDate;
    private TimeSpan? _sendTime;
    private bool _busy;
    private ValidSendRequest? _preview;
    private IReadOnlyList<Error> _errors = [];

    /// <summary>Preselects a template, e.g. from the template editor's "Compose with it".</summary>
    [SupplyParameterFromQuery(Name = "template")]
    public Guid? Template { get; set; }

    [Inject]
    private TemplateLibrary Library { get; set; } = default!;

    [Inject]
    private MessageSubmission Submission { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private DateTime Today => Clock.GetUtcNow().UtcDateTime.Date;

    protected override async Task OnInitializedAsync()
    {
        _templates = await Library.ListAsync(await GetAccountIdAsync());
        _useTemplate = _templates.Count > 0;
        _templateId = _templates.FirstOrDefault(t => t.Id == Template)?.Id;
    }

    private string? FieldError(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private async Task PreviewAsync()
    {
        await RunAsync(async account =>
        {
            var request = BuildRequest();
            var preview = request.Errors.Count > 0 ? Result<ValidSendRequest>.Failure(request.Errors) : await Submission.PreviewAsync(account, request.Value!);
            (_preview, _errors) = (preview.Value, preview.Errors);
        });
    }

    private async Task SendAsync()
    {
        await RunAsync(async account =>
        {
            var request = BuildRequest();
            var sent = request.Errors.Count > 0 ? Result<Message>.Failure(request.Errors) : await Submission.SubmitAsync(account, request.Value!);
            _errors = sent.Errors;
            if (sent.Succeeded)
            {
                Snackbar.Add(sent.Value!.SendAt is { } at ? $"Scheduled for {sent.Value.To} at {at:yyyy-MM-dd HH:mm} UTC." : $"Queued for {sent.Value.To}.", Severity.Success);
                Navigation.NavigateTo($"/messages/{sent.Value.Id}");
            }
        });
    }

    private async Task RunAsync(Func<Guid, Task> action)
    {
        _busy = true;
        try
        {
            await action(await GetAccountIdAsync());
        }
        finally
        {
            _busy = false;
        }
    }

    private Result<SendRequest> BuildRequest()
    {
        var from = _fromAddress is null ? null : string.IsNullOrWhiteSpace(_fromName) ? _fromAddress : $"\"{_fromName.Trim().Replace("\"", "")}\" <{_fromAddress}>";
        var request = new SendRequest(from, [_to], null, null, null)
        {
            ReplyTo = string.IsNullOrWhiteSpace(_replyTo) ? null : _replyTo,
            Stream = _stream,
            SendAt = _schedule && _sendDate is { } date ? new DateTimeOffset(date.Date + (_sendTime ?? TimeSpan.Zero), TimeSpan.Zero) : null,
        };
        if (!_useTemplate)
        {
            return Result<SendRequest>.Success(request with { Subject = _subject, Html = Blank(_html), Text = Blank(_text) });
        }

        if (_templateId is null)
        {
            return new Error("template_required", "Pick a template, or choose \"Write it\".", "template");
        }

        try
        {
            using var variables = JsonDocument.Parse(string.IsNullOrWhiteSpace(_variables) ? "{}" : _variables);
            return Result<SendRequest>.Success(request with { Template = _templateId.ToString(), Variables = variables.RootElement.Clone() });
        }
        catch (JsonException ex)
        {
            return new Error("variables_invalid", $"The variables are not valid JSON: line {(ex.LineNumber ?? 0) + 1}.", "variables");
        }
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
