using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

public static class MessageErrors
{
    public static Error FromRequired() => new("from_required", "Give the sender's address.", "from");

    public static Error FromInvalid(string value) => new("from_invalid", $"'{value}' is not a valid email address.", "from");

    public static Error ToRequired() => new("to_required", "Give one recipient's address.", "to");

    public static Error ToInvalid(string value) => new("to_invalid", $"'{value}' is not a valid email address.", "to");

    public static Error OneRecipientOnly(int count) =>
        new("one_recipient_only", $"SmartSender sends to one recipient at a time, so that each gets its own statistics; this message names {count}. Send one message per recipient.", "to");

    public static Error SubjectRequired() => new("subject_required", "Give the message a subject.", "subject");

    public static Error SubjectTooLong(int max) => new("subject_too_long", $"A subject has at most {max} characters.", "subject");

    public static Error HeaderLineBreak(string field) =>
        new("header_line_break", $"'{field}' must not contain a line break (CR or LF): it would become a header of its own.", field);

    public static Error BodyRequired() => new("body_required", "Give a text or an HTML body, or both.", "text");

    public static Error ReplyToInvalid(string value) => new("reply_to_invalid", $"'{value}' is not a valid email address.", "reply_to");

    public static Error TemplateOrBody() =>
        new("template_or_body", "Give either a template (with its variables) or a subject and a body, not both.", "template");

    public static Error StreamInvalid(string value) => new("stream_invalid", $"'{value}' is not a stream: use \"transactional\" or \"marketing\".", "stream");

    public static Error HeaderNameInvalid(string name) => new("header_name_invalid", $"'{name}' is not a valid header name.", "headers");

    public static Error HeaderReserved(string name) =>
        new("header_reserved", $"The header '{name}' is set by SmartSender (or by a field of its own, such as reply_to) and cannot be given.", "headers");

    public static Error TagsInvalid(int max, int length) => new("tags_invalid", $"Give at most {max} tags of at most {length} characters, without line breaks.", "tags");

    public static Error MetadataInvalid(int max, int length) =>
        new("metadata_invalid", $"Metadata holds at most {max} keys of at most 64 characters, with string values of at most {length} characters.", "metadata");

    public static Error SendAtInPast() => new("send_at_past", "send_at lies in the past; leave it out to send now.", "send_at");

    public static Error SendAtTooFar(int days) => new("send_at_too_far", $"send_at may lie at most {days} days ahead.", "send_at");

    public static Error AttachmentInvalid(int index, string reason) => new("attachment_invalid", $"Attachment {index + 1}: {reason}", "attachments");

    public static Error AttachmentsTooLarge(long limit) =>
        new("attachments_too_large", $"Attachments may add up to at most {limit / (1024 * 1024)} MB.", "attachments");

    public static Error MessageTooLarge(long limit) =>
        new("message_too_large", $"A message (subject, bodies and attachments) may hold at most {limit / (1024 * 1024)} MB.", "message");

    public static Error TooManyHeaders(int max) => new("headers_too_many", $"Give at most {max} custom headers.", "headers");

    public static Error HeaderTooLong(string name, int max) =>
        new("header_too_long", $"The header '{name}' would make a line of more than {max} characters (RFC 5322 §2.1.1).", "headers");

    public static Error IdempotencyKeyTaken() =>
        new ConflictError("idempotency_key_taken", "Another request with this Idempotency-Key was accepted first; its answer is the one that holds.") { Title = "Idempotency-Key taken" };

    public static Error OptionHeaderInvalid(string name, string reason) => new("option_header_invalid", $"{name}: {reason}.", "headers");

    public static Error BeingDelivered() =>
        new ConflictError("message_being_delivered", "The message is being delivered right now; it can no longer be changed.") { Title = "Being delivered" };

    public static Error NoLongerWaiting(MessageStatus status) =>
        new ConflictError("message_not_waiting", $"The message is {status}: only a message that still waits (queued, held or scheduled) can be changed.") { Title = "No longer waiting" };

    public static Error NotScheduled() =>
        new ConflictError("message_not_scheduled", "The message has no send time ahead: it is due now. Cancel it instead.", "send_at") { Title = "Not scheduled" };

    public static Error NotFound() => new NotFoundError("message_not_found", "No such message in this account.");
}
