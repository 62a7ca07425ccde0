using MimeKit;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery;

/// <summary>Turns a stored message into the MIME message that goes on the wire.</summary>
public static class MimeMessageFactory
{
    /// <param name="unsubscribeUrl">The message's one-click unsubscribe link, carried in List-Unsubscribe (RFC 8058) when the message is unsubscribable.</param>
    /// <param name="html">The HTML body as it goes out (with tracking), when it differs from the stored one.</param>
    public static MimeMessage Create(Message message, DateTimeOffset date, string? unsubscribeUrl = null, string? html = null)
    {
        var from = MailboxAddress.Parse(message.From);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = date,
            // The id is stable across retries, so a receiver can tell a retry from a second message.
            MessageId = $"{message.Id:N}@{from.Domain}",
        };
        mime.From.Add(from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (message.ReplyTo is not null)
        {
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        }
        mime.Headers.Add("X-SmartSender-Message-Id", message.Id.ToString());
        if ((message.Unsubscribable || message.Stream == MessageStream.Marketing) && unsubscribeUrl is not null)
        {
            mime.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeUrl}>");
            mime.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        }
        if (message.HeadersJson is not null)
        {
            foreach (var (name, value) in System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(message.HeadersJson)!)
            {
                mime.Headers.Add(name, value);
            }
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = html ?? message.HtmlBody };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.Filename, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
