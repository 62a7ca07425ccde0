using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>The optional parts of a send request: custom headers, tags and metadata.</summary>
public static class ExtrasValidator
{
    public const int MaxTags = 10;
    public const int MaxTagLength = 64;
    public const int MaxMetadataKeys = 20;
    public const int MaxMetadataValueLength = 500;
    public const int MaxHeaders = 50;

    /// <summary>RFC 5322 §2.1.1: a line is at most 998 characters; a header's name, colon, space and value make one line.</summary>
    public const int MaxHeaderLine = 998;

    /// <summary>Headers SmartSender writes itself, or that would change who gets the message or how it is signed.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Cc", "Bcc", "Sender", "Reply-To", "Subject", "Date", "Message-ID", "Return-Path", "DKIM-Signature",
        "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post", "Received",
    };

    public static void Check(SendRequest request, List<Error> errors)
    {
        if (request.Headers is { Count: > MaxHeaders })
        {
            errors.Add(MessageErrors.TooManyHeaders(MaxHeaders));
            return;
        }

        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || name.Any(c => c is < '!' or > '~' or ':'))
            {
                errors.Add(MessageErrors.HeaderNameInvalid(name));
            }
            else if (Reserved.Contains(name) || name.StartsWith("X-SmartSender-", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(MessageErrors.HeaderReserved(name));
            }
            else if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                errors.Add(MessageErrors.HeaderLineBreak("headers"));
            }
            else if (name.Length + 2 + value.Length > MaxHeaderLine)
            {
                errors.Add(MessageErrors.HeaderTooLong(name.Length > 40 ? name[..40] + "…" : name, MaxHeaderLine));
            }
        }

        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags || tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTagLength || t.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            errors.Add(MessageErrors.TagsInvalid(MaxTags, MaxTagLength));
        }

        var metadata = request.Metadata ?? new Dictionary<string, string>();
        if (metadata.Count > MaxMetadataKeys || metadata.Any(m => m.Key.Length is 0 or > 64 || m.Value.Length > MaxMetadataValueLength))
        {
            errors.Add(MessageErrors.MetadataInvalid(MaxMetadataKeys, MaxMetadataValueLength));
        }
    }
}
