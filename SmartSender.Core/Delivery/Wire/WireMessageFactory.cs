using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Delivery.Wire;

/// <summary>Writes a stored message as it goes on the wire (RFC 5322 and MIME), ready to be DKIM-signed.</summary>
public static class WireMessageFactory
{
    private static readonly ConcurrentDictionary<string, (string Formatted, string Domain)> Senders = new(StringComparer.Ordinal);
    private static readonly IdnMapping Idn = new();

    /// <param name="unsubscribeUrl">The message's one-click unsubscribe link, carried in List-Unsubscribe (RFC 8058) when the message is unsubscribable.</param>
    /// <param name="html">The HTML body as it goes out (with tracking), when it differs from the stored one.</param>
    public static WireMessage Create(Message message, DateTimeOffset date, string? unsubscribeUrl = null, string? html = null)
    {
        html ??= message.HtmlBody;
        var (from, fromDomain) = Sender(message.From);
        var to = MailboxAddress.Parse(message.To);
        var writer = new WireWriter(1024 + 2 * ((html?.Length ?? 0) + (message.TextBody?.Length ?? 0)) + message.Attachments.Sum(a => a.Content.Length * 4 / 3 + 256));
        writer.Field("From", from);
        writer.Field("To", WireWriter.Format(to));
        if (message.ReplyTo is not null)
        {
            writer.Field("Reply-To", WireWriter.Format(MailboxAddress.Parse(message.ReplyTo)));
        }

        writer.Field("Subject", message.Subject);
        writer.Field("Date", WireWriter.Date(date));
        // The id is stable across retries, so a receiver can tell a retry from a second message.
        writer.Field("Message-ID", $"<{message.Id:N}@{fromDomain}>");
        writer.Field("X-SmartSender-Message-Id", message.Id.ToString());
        if ((message.Unsubscribable || message.Stream == MessageStream.Marketing) && unsubscribeUrl is not null)
        {
            writer.Field("List-Unsubscribe", $"<{unsubscribeUrl}>");
            writer.Field("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        if (message.HeadersJson is not null)
        {
            foreach (var (name, value) in System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(message.HeadersJson)!)
            {
                writer.Field(name, value);
            }
        }

        writer.Field("MIME-Version", "1.0");
        var headerLength = WriteBody(writer, message, html);
        return new WireMessage(writer.Buffer, headerLength, writer.Length, to);
    }

    /// <summary>An account sends from a few addresses: each is parsed and formatted once.</summary>
    private static (string Formatted, string Domain) Sender(string from)
    {
        if (Senders.TryGetValue(from, out var known))
        {
            return known;
        }

        if (Senders.Count >= 10_000)
        {
            Senders.Clear();
        }

        // The domain goes into the Message-ID, which is ASCII: an internationalized domain in its A-label form (RFC 5890).
        var parsed = MailboxAddress.Parse(from);
        var domain = Ascii.IsValid(parsed.Domain) ? parsed.Domain : Idn.GetAscii(parsed.Domain);
        return Senders[from] = (WireWriter.Format(parsed), domain);
    }

    /// <summary>Writes the top entity's fields, the empty line and the body; returns where the header block ends.</summary>
    private static int WriteBody(WireWriter writer, Message message, string? html)
    {
        var texts = new List<(string Subtype, string Text)>(2);
        if (message.TextBody is not null)
        {
            texts.Add(("plain", message.TextBody));
        }

        if (html is not null)
        {
            texts.Add(("html", html));
        }

        var parts = new List<Action>(1 + message.Attachments.Count);
        Action body = texts.Count == 1
            ? () => TextPart.Write(writer, texts[0].Subtype, texts[0].Text)
            : () => Multipart(writer, "alternative", [.. texts.Select(t => (Action)(() => TextPart.Write(writer, t.Subtype, t.Text)))]);

        // Parts the HTML shows by Content-ID travel with the body in multipart/related (RFC 2387); the rest are downloads.
        var inline = html is null ? [] : message.Attachments.Where(a => a.ContentId is not null).ToList();
        parts.Add(inline.Count == 0 ? body : () => Multipart(writer, "related", [body, .. inline.Select(a => (Action)(() => Attachment(writer, a)))]));
        foreach (var attachment in message.Attachments.Except(inline))
        {
            parts.Add(() => Attachment(writer, attachment));
        }

        // The top entity's own fields (Content-Type) are the last fields of the message's header.
        if (parts.Count == 1)
        {
            parts[0]();
        }
        else
        {
            Multipart(writer, "mixed", parts);
        }

        if (!writer.Written.EndsWith("\r\n"u8))
        {
            writer.NewLine();
        }

        return writer.HeaderLength;
    }

    private static void Multipart(WireWriter writer, string subtype, IReadOnlyList<Action> parts)
    {
        // "=_" cannot occur in quoted-printable or base64 content, and the random rest not in plain text.
        var boundary = "=_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        writer.Text($"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n");
        writer.EndHeader();
        foreach (var part in parts)
        {
            writer.Text($"--{boundary}\r\n");
            part();
            writer.NewLine();
        }

        writer.Text($"--{boundary}--");
    }

    private static void Attachment(WireWriter writer, MessageAttachment attachment)
    {
        var type = ContentType.Parse(attachment.ContentType);
        type.Name = attachment.Filename;
        writer.FormattedField(WireWriter.Format(type));
        var disposition = attachment.ContentId is null ? ContentDisposition.Attachment : ContentDisposition.Inline;
        writer.FormattedField(WireWriter.Format(new ContentDisposition(disposition) { FileName = attachment.Filename }));
        if (attachment.ContentId is { } id)
        {
            writer.Text($"Content-ID: <{id}>\r\n");
        }

        writer.Text("Content-Transfer-Encoding: base64\r\n");
        writer.EndHeader();
        writer.Base64(attachment.Content);
    }
}
