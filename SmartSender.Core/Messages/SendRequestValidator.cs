using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>Checks a send request before anything is stored; every failing field is reported at once.</summary>
public static class SendRequestValidator
{
    /// <summary>RFC 5322 §2.1.1: a line is at most 998 characters.</summary>
    public const int MaxSubjectLength = 998;

    /// <summary>How far ahead send_at may lie.</summary>
    public const int MaxScheduleDays = 30;

    /// <param name="maxMessageBytes">The most subject, bodies and attachments may hold together (<c>Delivery:MaxMessageBytes</c>).</param>
    public static Result<ValidSendRequest> Validate(SendRequest request, DateTimeOffset? now = null, long maxMessageBytes = AttachmentValidator.DefaultMaxTotalBytes)
    {
        var errors = new List<Error>();
        var from = CheckFrom(request.From, errors);
        var to = CheckTo(request.To, errors);
        var subject = CheckSubject(request.Subject, errors);
        var replyTo = string.IsNullOrWhiteSpace(request.ReplyTo) ? null : CheckReplyTo(request.ReplyTo, errors);
        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text;
        var html = string.IsNullOrWhiteSpace(request.Html) ? null : request.Html;
        if (text is null && html is null)
        {
            errors.Add(MessageErrors.BodyRequired());
        }

        ExtrasValidator.Check(request, errors);
        var attachments = AttachmentValidator.Check(request.Attachments, maxMessageBytes, errors);
        var size = Utf8Length(request.Subject) + Utf8Length(text) + Utf8Length(html) + attachments.Sum(a => (long)a.Content.Length);
        if (size > maxMessageBytes && !errors.Any(e => e.Code == "attachments_too_large"))
        {
            errors.Add(MessageErrors.MessageTooLarge(maxMessageBytes));
        }

        if (request.SendAt is { } sendAt && now is { } current)
        {
            // A minute of slack for clocks that differ a little.
            if (sendAt < current.AddMinutes(-1))
            {
                errors.Add(MessageErrors.SendAtInPast());
            }
            else if (sendAt > current.AddDays(MaxScheduleDays))
            {
                errors.Add(MessageErrors.SendAtTooFar(MaxScheduleDays));
            }
        }

        return errors.Count > 0
            ? Result<ValidSendRequest>.Failure(errors)
            : Result<ValidSendRequest>.Success(new ValidSendRequest(from!, to!, subject!, text, html) 
            {
                ReplyTo = replyTo,
                Stream = request.Stream,
                Headers = request.Headers ?? new Dictionary<string, string>(),
                Tags = request.Tags ?? [],
                Metadata = request.Metadata ?? new Dictionary<string, string>(),
                SendAt = request.SendAt?.UtcDateTime,
                Attachments = attachments,
                Test = request.Test || SimulatorAddresses.IsSimulator(to!),
                CampaignId = request.CampaignId,
            });
    }

    private static long Utf8Length(string? value) => value is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(value);

    private static string? CheckFrom(string? from, List<Error> errors)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            errors.Add(MessageErrors.FromRequired());
            return null;
        }

        if (HasLineBreak(from))
        {
            errors.Add(MessageErrors.HeaderLineBreak("from"));
            return null;
        }

        if (!Addresses.TryParseMailbox(from, out var mailbox))
        {
            errors.Add(MessageErrors.FromInvalid(from));
            return null;
        }

        return mailbox.ToString();
    }

    private static string? CheckReplyTo(string replyTo, List<Error> errors)
    {
        if (HasLineBreak(replyTo))
        {
            errors.Add(MessageErrors.HeaderLineBreak("reply_to"));
            return null;
        }

        if (!Addresses.TryParseMailbox(replyTo, out var mailbox))
        {
            errors.Add(MessageErrors.ReplyToInvalid(replyTo));
            return null;
        }

        return mailbox.ToString();
    }

    private static string? CheckTo(IReadOnlyList<string> to, List<Error> errors)
    {
        var given = to.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (given.Count == 0)
        {
            errors.Add(MessageErrors.ToRequired());
            return null;
        }

        if (given.Any(HasLineBreak))
        {
            errors.Add(MessageErrors.HeaderLineBreak("to"));
            return null;
        }

        var count = given.Sum(Addresses.CountAddresses);
        if (count > 1)
        {
            errors.Add(MessageErrors.OneRecipientOnly(count));
            return null;
        }

        if (!Addresses.TryParseMailbox(given[0], out var mailbox))
        {
            errors.Add(MessageErrors.ToInvalid(given[0]));
            return null;
        }

        return mailbox.ToString();
    }

    private static string? CheckSubject(string? subject, List<Error> errors)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            errors.Add(MessageErrors.SubjectRequired());
            return null;
        }

        if (HasLineBreak(subject))
        {
            errors.Add(MessageErrors.HeaderLineBreak("subject"));
            return null;
        }

        if (subject.Length > MaxSubjectLength)
        {
            errors.Add(MessageErrors.SubjectTooLong(MaxSubjectLength));
            return null;
        }

        return subject.Trim();
    }

    private static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;
}
