using SmartSender.Core.Common;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Messages;

/// <summary>Turns a request that names a template into one with a rendered subject and body; others pass through.</summary>
public class TemplateComposer(TemplateLibrary templates, TemplateRenderer renderer)
{
    public async Task<Result<(SendRequest Request, Guid? TemplateVersionId)>> ComposeAsync(Guid accountId, SendRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Template))
        {
            return Result<(SendRequest, Guid?)>.Success((request, null));
        }

        if (request.Subject is not null || request.Text is not null || request.Html is not null)
        {
            return MessageErrors.TemplateOrBody();
        }

        var version = await templates.FindForSendingAsync(accountId, request.Template, ct);
        if (!version.Succeeded)
        {
            return Result<(SendRequest, Guid?)>.Failure(version.Errors);
        }

        var rendered = renderer.Render(version.Value!.Content, request.Variables);
        if (!rendered.Succeeded)
        {
            return Result<(SendRequest, Guid?)>.Failure(rendered.Errors);
        }

        var content = rendered.Value!;
        return Result<(SendRequest, Guid?)>.Success((request with { Subject = content.Subject, Html = content.Html, Text = content.Text }, version.Value.Id));
    }
}
