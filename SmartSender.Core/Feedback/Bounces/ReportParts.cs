using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using SmartSender.Core.Templates;
using SmartSender.Core.Common;

namespace SmartSender.Core.Feedback.Bounces;

/// <summary>The parts of an automatic report: the words for people, the machine-readable status, the returned original.</summary>
public sealed partial class ReportParts
{
    private ReportParts(string humanText, string? statusText, HeaderList? original, bool isFeedback, MimeMessage? attached)
    {
        Attached = attached;
        HumanText = humanText;
        StatusText = statusText;
        Original = original;
        IsFeedback = isFeedback;
    }

    /// <summary>The report's own text, up to where a copy of the original message begins.</summary>
    public string HumanText { get; }

    /// <summary>The delivery-status fields, from their own part or pasted into the text.</summary>
    public string? StatusText { get; }

    /// <summary>The returned original's headers.</summary>
    public HeaderList? Original { get; }

    public bool IsFeedback { get; }

    /// <summary>The fields of an ARF report's <c>message/feedback-report</c> part.</summary>
    public string? FeedbackFields { get; private init; }

    /// <summary>The message attached whole, which may itself be a report (a forwarded bounce).</summary>
    public MimeMessage? Attached { get; }

    public static ReportParts Of(MimeMessage message)
    {
        var text = new StringBuilder();
        string? status = null;
        HeaderList? original = null;
        MimeMessage? attached = null;
        string? feedbackFields = null;
        var feedback = message.Body is MultipartReport { ReportType: var type } && string.Equals(type, "feedback-report", StringComparison.OrdinalIgnoreCase);

        foreach (var entity in Leaves(message.Body))
        {
            switch (entity)
            {
                case MessageDeliveryStatus dsn:
                    status = Decode(dsn);
                    break;
                case TextRfc822Headers { Message: { } headers }:
                    original ??= headers.Headers;
                    break;
                case MessagePart { Message: { } returned }:
                    original ??= returned.Headers;
                    attached ??= returned;
                    break;
                case MimePart part when part.ContentType.IsMimeType("message", "global-delivery-status") || part.ContentType.IsMimeType("message", "delivery-status"):
                    status = Decode(part);
                    break;
                case MimePart part when part.ContentType.IsMimeType("message", "feedback-report"):
                    feedback = true;
                    feedbackFields = Decode(part);
                    break;
                case MimePart part when part.ContentType.IsMimeType("text", "rfc822-headers"):
                    original ??= HeadersIn(Decode(part));
                    break;
                case TextPart part when part.IsHtml && text.Length == 0:
                    text.Append(HtmlToText.Convert(part.Text ?? "")).Append('\n');
                    break;
                case TextPart part when part.IsPlain:
                    text.Append(part.Text).Append('\n');
                    break;
            }
        }

        // A report whose parts lost their boundaries keeps everything in the preamble.
        if (text.Length == 0 && message.Body is Multipart { Preamble: { Length: > 0 } preamble })
        {
            text.Append(preamble);
        }

        var all = text.ToString().Replace("\r\n", "\n");
        var cut = CopyBegins().Match(all);
        var human = cut.Success ? all[..cut.Index] : all;
        if (cut.Success && original is null)
        {
            original = HeadersIn(all[(cut.Index + cut.Length)..]);
        }

        if (status is null && DsnFields.Contains(all))
        {
            status = all;
        }

        return new ReportParts(human, status, original, feedback, attached) { FeedbackFields = feedbackFields };
    }

    private static IEnumerable<MimeEntity> Leaves(MimeEntity? entity)
    {
        switch (entity)
        {
            case null:
                yield break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    foreach (var leaf in Leaves(child))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return entity;
                break;
        }
    }

    private static string Decode(MimeEntity entity)
    {
        using var stream = new MemoryStream();
        switch (entity)
        {
            case MimePart { Content: { } content }:
                content.DecodeTo(stream);
                break;
            case MessagePart { Message: { } message }:
                message.WriteTo(stream);
                break;
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The header block at the start of <paramref name="text"/>, leading blank lines skipped.</summary>
    private static HeaderList? HeadersIn(string text)
    {
        var start = text.TrimStart('\n', '\r', ' ', '\t');
        var firstLine = start.IndexOf('\n') is var nl and >= 0 ? start[..nl] : start;
        if (!HeaderLine().IsMatch(firstLine))
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(start.Replace("\n", "\r\n")));
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[!-9;-~]+:")]
    private static partial Regex HeaderLine();

    /// <summary>The lines servers put before the copy of the original message.</summary>
    [GeneratedRegex(
        @"^[ \t]*(-{2,}\s*)?(below this line is a copy of the message|this is a copy of the message|original message (follows|headers? follows?|below|is attached|text)|(the )?header of the original message|returned message|unsent message below|copy of the original message|-+ ?original message ?-+|message headers follow|headers of the original message|the text you sent follows|-{5,}\s*original message)[^\n]*\n",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex CopyBegins();
}
