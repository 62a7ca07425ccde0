namespace SmartSender.Core.Templates;

/// <summary>The Liquid sources of a message: subject, HTML body and text body.</summary>
public record TemplateContent(string Subject, string? Html, string? Text);

/// <summary>Which part of a template a finding is about.</summary>
public enum TemplatePart
{
    Subject,
    Html,
    Text,
}

/// <summary>What a template renders to for one set of variables.</summary>
public record RenderedContent(string Subject, string? Html, string Text);
