using System.Text.Json;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Messages;

/// <summary>A variable a template reads: whether the caller must give it, and whether the sample gives it.</summary>
public sealed record VariableUse(string Name, bool Required, bool Given);

/// <summary>The editor's live preview: what the template renders to with the sample variables, or why it cannot.</summary>
public sealed record TemplatePreview(RenderedContent? Rendered, IReadOnlyList<Error> Errors, IReadOnlyList<VariableUse> Variables, IReadOnlyList<string> SystemVariablesUsed)
{
    public IEnumerable<Error> ErrorsFor(TemplatePart part) => Errors.OfType<TemplateSyntaxError>().Where(e => e.Part == part);
}

/// <summary>Renders unsaved template content with sample variables, the way a message from it will be rendered.</summary>
public class TemplatePreviewer(TemplateRenderer renderer, AccountSettings settings, IMessageLinks links)
{
    public async Task<TemplatePreview> PreviewAsync(Guid accountId, TemplateContent content, string? sampleVariables, CancellationToken ct = default)
    {
        var errors = new List<Error>();
        var sample = ParseSample(sampleVariables, errors);
        var parsed = renderer.Parse(content);
        if (!parsed.Succeeded)
        {
            return new TemplatePreview(null, [.. parsed.Errors, .. errors], [], []);
        }

        var variables = parsed.Value!.Variables;
        var given = sample is { ValueKind: JsonValueKind.Object } obj ? obj.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) : [];
        var uses = variables.Caller.Select(name => new VariableUse(name, variables.Required.Contains(name), given.Contains(name))).ToList();
        var systemUsed = variables.Used.Where(SystemVariables.Names.Contains).ToList();
        if (errors.Count > 0)
        {
            return new TemplatePreview(null, errors, uses, systemUsed);
        }

        var account = await settings.GetAsync(accountId, ct);
        var system = SystemVariables.For(links.UnsubscribeUrl(MessageToken.Preview), account.PostalAddress);
        var rendered = renderer.Render(parsed.Value, sample, account.CultureInfo, system);
        return new TemplatePreview(rendered.Value, rendered.Errors, uses, systemUsed);
    }

    private static JsonElement? ParseSample(string? json, List<Error> errors)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add(TemplateErrors.VariablesNotAnObject());
                return null;
            }

            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add(TemplateErrors.SampleNotJson((int)(ex.LineNumber ?? 0) + 1, ex.Message.Split(" Path:")[0].Split(" LineNumber:")[0]));
            return null;
        }
    }
}
