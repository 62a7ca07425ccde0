using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmartSender.Web.Submission;

/// <summary>
/// MAIL FROM needs a login; a transaction takes one RCPT TO. The second is answered <c>452 4.5.3</c>, which RFC 5321
/// §4.5.3.1.10 tells clients to treat as "send the rest in a later transaction": Postfix does so by itself, MailKit
/// and smtplib report that recipient as refused (ADR 0034).
/// </summary>
public sealed class OneRecipientFilter : IMailboxFilter
{
    private const string RecipientsProperty = "SmartSender:Recipients";

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken ct)
    {
        if (ApiKeyLogin.KeyOf(context) is null)
        {
            throw new SmtpResponseException(SmtpReplies.AuthenticationRequired());
        }

        context.Properties[RecipientsProperty] = 0;
        return Task.FromResult(true);
    }

    public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken ct)
    {
        var taken = context.Properties.TryGetValue(RecipientsProperty, out var count) ? (int)count : 0;
        if (taken >= 1)
        {
            throw new SmtpResponseException(SmtpReplies.OneRecipient());
        }

        context.Properties[RecipientsProperty] = taken + 1;
        return Task.FromResult(true);
    }
}
