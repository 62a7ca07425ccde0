using Fluid;

namespace SmartSender.Core.Templates;

/// <summary>A template's parts, parsed, with the variables they use.</summary>
public sealed record ParsedTemplate(IFluidTemplate Subject, IFluidTemplate? Html, IFluidTemplate? Text)
{
    public TemplateVariables Variables { get; } = TemplateVariables.Of(Subject, Html, Text);
}
