using System.Text.Json;
using MimeKit;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>
/// A message submitted by SMTP, as the same <see cref="SendRequest"/> the HTTP API builds: From, Subject, the text
/// and HTML bodies, attachments and inline parts (with their Content-ID), Reply-To and the message's other headers
/// (In-Reply-To, References, …). The recipient is the envelope's one RCPT TO; To, Cc and Bcc headers are not copied,
/// since each message goes to one recipient. Options come in <c>X-SmartSender-*</c> headers, which never go out.
/// </summary>
public static class MimeSendRequest
{
    public const string Stream = "X-SmartSender-Stream";
    public const string Tag = "X-SmartSender-Tag";
    public const string MetadataPrefix = "X-SmartSender-Metadata-";
    public const string Template = "X-SmartSender-Template";
    public const string Variables = "X-SmartSender-Variables";
    private const string OptionPrefix = "X-SmartSender-";

    /// <summary>What the message says about itself in transit; SmartSender writes its own, or they would no longer hold.</summary>
    private static readonly HashSet<string> NotCopied = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Sender", "Reply-To", "Subject", "Date", "Message-ID", "Return-Path", "Received", "MIME-Version",
        "DKIM-Signature", "DomainKey-Signature", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results", "Authentication-Results",
        "Received-SPF", "List-Unsubscribe", "List-Unsubscribe-Post", "Delivered-To", "X-SmartSender-Message-Id",
    };

    public static Result<SendRequest> From(MimeMessage mime, string recipient)
    {
        var errors = new List<Error>();
        var from = mime.From.Mailboxes.ToList();
        if (from.Count != 1)
        {
            errors.Add(from.Count == 0 ? MessageErrors.FromRequired() : MessageErrors.FromInvalid(mime.From.ToString()));
        }

        var tags = new List<string>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        MessageStream stream = MessageStream.Transactional;
        string? template = null;
        JsonElement? variables = null;
        foreach (var header in mime.Headers)
        {
            var name = header.Field;
            if (name.StartsWith(OptionPrefix, StringComparison.OrdinalIgnoreCase) && !NotCopied.Contains(name))
            {
                ReadOption(name, header.Value.Trim(), errors, tags, metadata, ref stream, ref template, ref variables);
            }
            else if (!NotCopied.Contains(name) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Resent-", StringComparison.OrdinalIgnoreCase))
            {
                headers.TryAdd(name, header.Value.Trim());
            }
        }

        if (errors.Count > 0)
        {
            return Result<SendRequest>.Failure(errors);
        }

        var templated = template is not null;
        return Result<SendRequest>.Success(new SendRequest(from[0].ToString(), [recipient], templated ? null : mime.Subject, templated ? null : mime.TextBody, templated ? null : mime.HtmlBody)
        {
            Template = template,
            Variables = variables,
            ReplyTo = mime.ReplyTo.Mailboxes.FirstOrDefault()?.ToString(),
            Stream = stream,
            Headers = headers.Count > 0 ? headers : null,
            Tags = tags.Count > 0 ? tags : null,
            Metadata = metadata.Count > 0 ? metadata : null,
            Attachments = templated ? null : Attachments(mime),
        });
    }

    private static void ReadOption(
        string name, string value, List<Error> errors, List<string> tags, Dictionary<string, string> metadata,
        ref MessageStream stream, ref string? template, ref JsonElement? variables)
    {
        if (name.Equals(Stream, StringComparison.OrdinalIgnoreCase))
        {
            if (EnumName.Parse<MessageStream>(value) is { } parsed)
            {
                stream = parsed;
            }
            else
            {
                errors.Add(MessageErrors.StreamInvalid(value));
            }
        }
        else if (name.Equals(Tag, StringComparison.OrdinalIgnoreCase))
        {
            tags.Add(value);
        }
        else if (name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > MetadataPrefix.Length)
        {
            metadata[name[MetadataPrefix.Length..]] = value;
        }
        else if (name.Equals(Template, StringComparison.OrdinalIgnoreCase))
        {
            template = value;
        }
        else if (name.Equals(Variables, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var document = JsonDocument.Parse(value);
                variables = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
            }

            if (variables is null)
            {
                errors.Add(MessageErrors.OptionHeaderInvalid(Variables, "give the template's variables as one JSON object"));
            }
        }
        else
        {
            errors.Add(MessageErrors.OptionHeaderInvalid(name, $"not an option; use {Stream}, {Tag}, {MetadataPrefix}<name>, {Template} or {Variables}"));
        }
    }

    /// <summary>Every part besides the text and HTML bodies: files to download, and the parts the HTML shows by Content-ID.</summary>
    private static List<AttachmentInput>? Attachments(MimeMessage mime)
    {
        var bodies = new HashSet<MimeEntity>(ReferenceEqualityComparer.Instance);
        foreach (var part in mime.BodyParts.OfType<MimeKit.TextPart>().Where(p => !p.IsAttachment && (p.IsPlain || p.IsHtml)))
        {
            bodies.Add(part);
        }

        var attachments = new List<AttachmentInput>();
        foreach (var entity in mime.BodyParts.Where(p => !bodies.Contains(p)))
        {
            using var content = new MemoryStream();
            string? name;
            if (entity is MimePart part)
            {
                part.Content?.DecodeTo(content);
                name = part.FileName;
            }
            else if (entity is MessagePart attached)
            {
                attached.Message?.WriteTo(content);
                name = attached.ContentDisposition?.FileName ?? "message.eml";
            }
            else
            {
                continue;
            }

            var inline = !entity.IsAttachment && entity.ContentId is not null;
            attachments.Add(new AttachmentInput(name ?? entity.ContentId ?? $"part-{attachments.Count + 1}", entity.ContentType.MimeType, Convert.ToBase64String(content.GetBuffer(), 0, (int)content.Length))
            {
                ContentId = inline ? entity.ContentId : null,
            });
        }

        return attachments.Count > 0 ? attachments : null;
    }
}
