using MimeKit;
using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>Decodes attachments and checks names, types and the total size.</summary>
public static class AttachmentValidator
{
    public const long DefaultMaxTotalBytes = 10 * 1024 * 1024;
    public const int MaxFilenameLength = 255;
    public const int MaxContentTypeLength = 255;
    public const int MaxContentIdLength = 255;

    public static IReadOnlyList<ValidAttachment> Check(IReadOnlyList<AttachmentInput>? inputs, long maxTotalBytes, List<Error> errors)
    {
        var valid = new List<ValidAttachment>();
        long total = 0;
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var input = inputs![i];
            if (string.IsNullOrWhiteSpace(input.Filename) || input.Filename.Length > MaxFilenameLength || input.Filename.Any(char.IsControl) || input.Filename.IndexOfAny(['/', '\\']) >= 0)
            {
                errors.Add(MessageErrors.AttachmentInvalid(i, $"give a file name of at most {MaxFilenameLength} characters without control characters or slashes."));
                continue;
            }

            if (input.ContentType is { Length: > MaxContentTypeLength })
            {
                errors.Add(MessageErrors.AttachmentInvalid(i, $"a content type has at most {MaxContentTypeLength} characters."));
                continue;
            }

            // A Content-ID is an RFC 5322 msg-id: printable ASCII, given with or without its angle brackets.
            var contentId = input.ContentId?.Trim().TrimStart('<').TrimEnd('>');
            if (contentId is not null && (contentId.Length is 0 or > MaxContentIdLength || contentId.Any(c => c is <= ' ' or > '~' or '<' or '>')))
            {
                errors.Add(MessageErrors.AttachmentInvalid(i, $"a content id is printable ASCII without spaces, at most {MaxContentIdLength} characters."));
                continue;
            }

            var type = string.IsNullOrWhiteSpace(input.ContentType) ? "application/octet-stream" : input.ContentType.Trim();
            if (!ContentType.TryParse(type, out _))
            {
                errors.Add(MessageErrors.AttachmentInvalid(i, $"'{type}' is not a MIME type."));
                continue;
            }

            var bytes = new byte[((input.Content?.Length ?? 0) * 3 / 4) + 3];
            if (input.Content is null || !Convert.TryFromBase64String(input.Content, bytes, out var length))
            {
                errors.Add(MessageErrors.AttachmentInvalid(i, "the content is not valid base64."));
                continue;
            }

            total += length;
            valid.Add(new ValidAttachment(input.Filename.Trim(), type, bytes[..length], contentId));
        }

        if (total > maxTotalBytes)
        {
            errors.Add(MessageErrors.AttachmentsTooLarge(maxTotalBytes));
        }

        return valid;
    }
}
