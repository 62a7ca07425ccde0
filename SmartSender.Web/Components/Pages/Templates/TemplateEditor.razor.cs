using Microsoft.AspNetCore.Components;
using MudBlazor;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;

namespace SmartSender.Web.Components.Pages.Templates;

/// <summary>Writes a template with a live preview: every edit re-renders it with the sample variables, the way a message will be.</summary>
public partial class TemplateEditor
{
    private const string StarterHtml = """
        <html>
          <head>
            <style>
              body { font-family: Arial, sans-serif; color: #1f2937; }
              .button { background: #3f51b5; color: #ffffff; padding: 10px 16px; text-decoration: none; border-radius: 4px; }
            </style>
          </head>
          <body>
            <p>Hi {{ name }},</p>
            <p>Welcome to {{ company | default: "our service" }}.</p>
            <p><a class="button" href="{{ login_url }}">Sign in</a></p>
          </body>
        </html>
        """;

    private readonly List<BreadcrumbItem> _crumbs = [new("Templates", "/templates"), new("Template", null, disabled: true)];
    private Template? _template;
    private bool _loading = true;
    private bool _saving;
    private string _name = "";
    private string _subject = "";
    private string _html = "";
    private string _text = "";
    private string _sample = "";
    private TemplatePreview? _preview;
    private IReadOnlyList<Error> _saveErrors = [];

    [Parameter]
    public Guid? Id { get; set; }

    [Inject]
    private Core.Audit.AuditLog Audit { get; set; } = default!;

    [Inject]
    private TemplateLibrary Library { get; set; } = default!;

    [Inject]
    private TemplatePreviewer Previewer { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private TemplateContent Content => new(_subject, Blank(_html), Blank(_text));

    /// <summary>What the editor held when it was opened or last saved: changes are measured against it.</summary>
    private (string Name, TemplateContent Content, string Sample) _baseline;

    /// <summary>Edited since it was opened or saved: the "Unsaved changes" chip shows only then.</summary>
    private bool HasChanges => _name != _baseline.Name || Content != _baseline.Content || _sample.Trim() != _baseline.Sample.Trim();

    /// <summary>A new template can be saved as the starter gives it; a saved one only once something changed.</summary>
    private bool CanSave => _template is null || HasChanges;

    private string? SampleError => _preview?.Errors.FirstOrDefault(e => e.Field is "sample" or "variables")?.Message;

    protected override async Task OnParametersSetAsync()
    {
        if (Id is not null && _template?.Id == Id)
        {
            // Just created here: the editor already shows it.
            return;
        }

        _loading = true;
        if (Id is { } id)
        {
            Show(await Library.GetAsync(await GetAccountIdAsync(), id));
        }
        else
        {
            (_template, _name, _subject, _html, _text, _sample) = (null, "", "Welcome, {{ name }}", StarterHtml, "",
                """{ "name": "Ann", "company": "Acme", "login_url": "https://example.com/login" }""");
        }

        _loading = false;
        TakeBaseline();
        await RefreshPreviewAsync();
    }

    private void TakeBaseline() => _baseline = (_name, Content, _sample);

    private void Show(Template? template)
    {
        _template = template;
        if (template is not null)
        {
            var current = template.Current;
            (_subject, _html, _text, _sample) = (current.Subject, current.Html ?? "", current.Text ?? "", current.SampleVariables);
        }
    }

    private async Task ChangedAsync(Action change)
    {
        change();
        await RefreshPreviewAsync();
    }

    private async Task RefreshPreviewAsync() => _preview = await Previewer.PreviewAsync(await GetAccountIdAsync(), Content, _sample);

    /// <summary>The syntax error of one part, with its line and the source of that line, so it can be found at once.</summary>
    private string? PartError(TemplatePart part)
    {
        if (_preview?.ErrorsFor(part).FirstOrDefault() is not TemplateSyntaxError error)
        {
            return null;
        }

        var source = part switch { TemplatePart.Subject => _subject, TemplatePart.Html => _html, _ => _text };
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var line = error.Line >= 1 && error.Line <= lines.Length ? lines[error.Line - 1].Trim() : "";
        return $"Line {error.Line}: {error.Detail}" + (line.Length > 0 ? $" — {Shorten(line)}" : "");
    }

    private static string Shorten(string line) => line.Length > 80 ? line[..77] + "…" : line;

    private static string VariableHint(VariableUse variable) => (variable.Required, variable.Given) switch
    {
        (true, false) => "Required, and missing from the sample variables.",
        (true, true) => "Required: every message must give it.",
        (false, _) => "Optional: the template gives a default.",
    };

    private static Color VariableColor(VariableUse variable) => variable is { Required: true, Given: false } ? Color.Error : Color.Primary;

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var account = await GetAccountIdAsync();
            var saved = _template is null
                ? await Library.CreateAsync(account, _name, Content, _sample)
                : await Library.SaveAsync(account, _template.Id, Content, _sample);
            _saveErrors = saved.Errors;
            if (!saved.Succeeded)
            {
                return;
            }

            Snackbar.Add(_template is null ? $"{saved.Value!.Name} is created." : $"Saved as version {saved.Value!.CurrentVersion}.", Severity.Success);
            await Audit.RecordAsync(account, await GetActorAsync(), Core.Audit.AuditActions.TemplateChanged, saved.Value.Name, $"version {saved.Value.CurrentVersion}");
            var created = _template is null;
            _template = await Library.GetAsync(account, saved.Value.Id);
            TakeBaseline();
            if (created)
            {
                Navigation.NavigateTo($"/templates/{saved.Value.Id}", replace: true);
            }
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RestoreAsync(int version)
    {
        var restored = await Library.RestoreAsync(await GetAccountIdAsync(), _template!.Id, version);
        if (!restored.Succeeded)
        {
            Snackbar.Add(restored.Errors[0].Message, Severity.Error);
            return;
        }

        Show(await Library.GetAsync(await GetAccountIdAsync(), _template.Id));
        TakeBaseline();
        Snackbar.Add($"Version {version} restored as version {_template!.CurrentVersion}.", Severity.Success);
        await RefreshPreviewAsync();
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
