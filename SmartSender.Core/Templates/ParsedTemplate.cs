using Fluid;

namespace SmartSender.Core.Templates;

/// <summary>A template's parts, parsed, with the variables they use.</summary>
public sealed record ParsedTemplate(IFluidTemplate Subject, IFluidTemplate? Html, IFluidTemplate? Text)
{
    public TemplateVariables Variables { get; } = TemplateVariables.Of(Subject, Html, Text);

    /// <summary>The HTML could not be inlined ahead of rendering; inline each rendered message instead.</summary>
    public bool InlineAtRender { get; init; }

    /// <summary>No text template could be made ahead of rendering; convert each rendered HTML instead.</summary>
    public bool TextFromHtmlAtRender { get; init; }

    /// <summary>
    /// Whether the parts have enough tags to nest them <see cref="TemplateRenderer.MaxRecursion"/> deep: Fluid stops both
    /// deep nesting and too many steps with the same words, and without that many tags only the steps can be the cause.
    /// </summary>
    public bool CanNestDeep { get; init; }
}
