using System.Text.RegularExpressions;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Marketing;
using SmartSender.Core.Templates;

namespace SmartSender.Core.Messages;

/// <summary>What a request becomes before it is validated: its final subject and bodies, and the template version they came from.</summary>
public sealed record ComposedMessage(SendRequest Request, Guid? TemplateVersionId, TrackingSettings Tracking)
{
    public Guid? TemplateId { get; init; }

    /// <summary>The message's unsubscribe link, which marketing mail must show.</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>
/// Makes the content that goes out: renders a named template in the account's culture, fills in the system
/// variables (the message's unsubscribe link, the account's postal address), and gives marketing mail its
/// footer when the content lacks one. The preview of the compose page is made here too, so it is what goes out.
/// </summary>
public partial class MessageComposer(
    TemplateLibrary templates, TemplateRenderer renderer, AccountSettings settings, IMessageLinks links, Domains.SendingDomainCache? domains = null)
{
    public async Task<Result<ComposedMessage>> ComposeAsync(Guid accountId, SendRequest request, string token, CancellationToken ct = default)
    {
        var account = await settings.GetAsync(accountId, ct);
        var unsubscribeUrl = links.UnsubscribeUrl(token, await TrackingHostAsync(accountId, request.From, ct));
        var system = SystemVariables.For(unsubscribeUrl, account.PostalAddress);
        Guid? versionId = null;
        Guid? templateId = null;
        if (!string.IsNullOrWhiteSpace(request.Template))
        {
            if (request.Subject is not null || request.Text is not null || request.Html is not null)
            {
                return MessageErrors.TemplateOrBody();
            }

            var version = await templates.FindForSendingAsync(accountId, request.Template, ct);
            if (!version.Succeeded)
            {
                return Result<ComposedMessage>.Failure(version.Errors);
            }

            var rendered = renderer.Render(version.Value!.Content, request.Variables, account.CultureInfo, system);
            if (!rendered.Succeeded)
            {
                return Result<ComposedMessage>.Failure(rendered.Errors);
            }

            request = request with { Subject = rendered.Value!.Subject, Html = rendered.Value.Html, Text = rendered.Value.Text };
            versionId = version.Value.Id;
            templateId = version.Value.TemplateId;
        }
        else
        {
            // A body given in full is not Liquid, but may still place the system variables.
            request = request with { Html = Fill(request.Html, system, html: true), Text = Fill(request.Text, system, html: false) };
        }

        if (request.Stream == MessageStream.Marketing || account.Tracking.TransactionalUnsubscribe)
        {
            var (html, text) = MarketingFooter.Apply(Blank(request.Html), Blank(request.Text), unsubscribeUrl, account.PostalAddress);
            request = request with { Html = html, Text = text };
        }

        return Result<ComposedMessage>.Success(new ComposedMessage(request, versionId, account.Tracking) { TemplateId = templateId, UnsubscribeUrl = unsubscribeUrl });
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Fill(string? body, IReadOnlyDictionary<string, object?> system, bool html) =>
        body is null ? null : Placeholder().Replace(body, m =>
        {
            var value = system[m.Groups[1].Value]?.ToString() ?? "";
            return html ? System.Net.WebUtility.HtmlEncode(value) : value;
        });

    [GeneratedRegex(@"\{\{\s*(unsubscribe_url|postal_address)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The From domain's verified tracking host, which its unsubscribe link uses; null for the global base URL.</summary>
    private async Task<string?> TrackingHostAsync(Guid accountId, string? from, CancellationToken ct) =>
        domains is not null && links.UsesDomainHosts && MimeKit.MailboxAddress.TryParse(from ?? "", out var mailbox)
            ? (await domains.FindAsync(accountId, mailbox.Domain.TrimEnd('.').ToLowerInvariant(), ct))?.VerifiedTrackingHost
            : null;
}
