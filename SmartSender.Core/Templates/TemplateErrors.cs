using SmartSender.Core.Common;

namespace SmartSender.Core.Templates;

/// <summary>A Liquid syntax error, with the line it is on.</summary>
public sealed record TemplateSyntaxError(TemplatePart Part, int Line, string Detail)
    : UnprocessableError("template_syntax", $"{Describe(Part)}, line {Line}: {Detail}", Part.ToString().ToLowerInvariant())
{
    public override IReadOnlyDictionary<string, object?> Details => new Dictionary<string, object?> { ["part"] = Part.ToString().ToLowerInvariant(), ["line"] = Line };

    private static string Describe(TemplatePart part) => part switch
    {
        TemplatePart.Html => "HTML body",
        TemplatePart.Text => "Text body",
        _ => "Subject",
    };
}

public static class TemplateErrors
{
    public static Error NameRequired() => new("template_name_required", "Give the template a name.", "name");

    public static Error NameTaken(string name) => new("template_name_taken", $"A template named '{name}' already exists in this account.", "name");

    public static Error SubjectRequired() => new("template_subject_required", "A template needs a subject.", "subject");

    public static Error BodyRequired() => new("template_body_required", "A template needs an HTML or a text body.", "html");

    public static Error MissingVariables(IEnumerable<string> names) =>
        new UnprocessableError("template_variables_missing", $"The template needs these variables, which were not given: {string.Join(", ", names)}. Give them, or give the template a default ({{{{ name | default: \"…\" }}}}).", "variables");

    public static Error VariablesNotAnObject() => new UnprocessableError("template_variables_invalid", "Variables must be a JSON object, e.g. {\"name\": \"Ann\"}.", "variables");

    public static Error SampleNotJson(int line, string detail) =>
        new UnprocessableError("template_sample_invalid", $"Sample variables, line {line}: not valid JSON ({detail.TrimEnd('.')}).", "sample");

    public static Error RenderFailed(string detail) => new UnprocessableError("template_render_failed", $"The template could not be rendered: {detail}", "template");

    public static Error TooLarge(int limit) => new UnprocessableError("template_output_too_large", $"The rendered message is larger than {limit / 1024} KB.", "template");

    public static Error NotFound() => new NotFoundError("template_not_found", "No such template in this account.", "template");

    public static Error VersionNotFound(int number) => new NotFoundError("template_version_not_found", $"The template has no version {number}.", "version");

    /// <summary>A send names a template the account does not have: the request cannot be made into a message (422).</summary>
    public static Error Unknown() => new UnprocessableError("template_not_found", "No such template in this account.", "template");

    public static Error Archived(string name) => new UnprocessableError("template_archived", $"The template '{name}' is archived; restore it before sending with it.", "template");
}
