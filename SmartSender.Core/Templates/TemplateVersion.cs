namespace SmartSender.Core.Templates;

/// <summary>One saved state of a template. Never changed after it is made; messages point at the version they came from.</summary>
public class TemplateVersion
{
    private TemplateVersion()
    {
    }

    internal TemplateVersion(Guid templateId, int number, TemplateContent content, string sampleVariables, DateTime now)
    {
        Id = Guid.NewGuid();
        TemplateId = templateId;
        Number = number;
        Subject = content.Subject;
        Html = content.Html;
        Text = content.Text;
        SampleVariables = sampleVariables;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid TemplateId { get; private set; }

    public int Number { get; private set; }

    public string Subject { get; private set; } = "";

    public string? Html { get; private set; }

    public string? Text { get; private set; }

    /// <summary>The JSON the editor previews with, saved along with the version.</summary>
    public string SampleVariables { get; private set; } = "{}";

    public DateTime CreatedAt { get; private set; }

    public TemplateContent Content => new(Subject, Html, Text);
}
