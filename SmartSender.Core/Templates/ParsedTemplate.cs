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
}
