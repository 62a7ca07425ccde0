using System.Text.RegularExpressions;
using MimeKit;

namespace SmartSender.Core.Feedback.Bounces;

/// <summary>
/// Reads a returned message and says, per recipient, whether it is a hard bounce, a soft bounce or not a bounce at
/// all, with the reason and the status. Standard DSNs (RFC 3464) are read from their fields; the many servers that
/// write their own words are read from the text. Only an unknown user, an unknown domain, a moved address or a
/// domain that takes no mail is hard: a wrong hard bounce would drop a real customer.
/// </summary>
public sealed partial class BounceClassifier
{
    public BounceReport Classify(MimeMessage message) => Classify(message, depth: 0);

    private BounceReport Classify(MimeMessage message, int depth)
    {
        var parts = ReportParts.Of(message);
        var originalId = parts.Original?[HeaderId.MessageId]?.Trim().Trim('<', '>');
        if (parts.IsFeedback || ComplaintSubject().IsMatch(message.Subject ?? "") || SesNotification().Match(parts.HumanText) is { Groups: [_, { Value: "Complaint" }] })
        {
            return new BounceReport(ReportKind.Feedback, [], originalId, parts.Original);
        }

        if (SesNotification().Match(parts.HumanText) is { Groups: [_, { Value: "Delivery" }] })
        {
            return new BounceReport(ReportKind.Notice, [], originalId, parts.Original);
        }

        var dsn = parts.StatusText is { } status ? DsnFields.Read(status) : [];
        if (dsn.Count > 0)
        {
            var recipients = dsn.Select(r => FromDsn(r, parts.HumanText)).ToList();
            var kind = recipients.All(r => r.Class == BounceClass.NotABounce) ? ReportKind.Notice : ReportKind.Bounce;
            return new BounceReport(kind, recipients, originalId, parts.Original);
        }

        var kindOfText = SaysItIsABounce(message) ? ReportKind.Bounce
            : IsAutoReply(message) ? ReportKind.AutoReply
            : message.Headers[HeaderId.ReturnPath]?.Trim() == "<>" || message.Body is MultipartReport ? ReportKind.Bounce
            : parts.Original is not null && !FromAPerson(message) ? ReportKind.Bounce
            : ReportKind.Other;
        if (kindOfText != ReportKind.Bounce)
        {
            return new BounceReport(kindOfText, [], originalId, parts.Original);
        }

        // A bounce forwarded as an attachment: the attached report knows more than the words around it.
        var fromText = FromText(message, parts);
        if (fromText.All(r => r.Reason == BounceReason.Undefined) && parts.Attached is { } attached && depth < 2
            && Classify(attached, depth + 1) is { Kind: ReportKind.Bounce, Recipients.Count: > 0 } inner)
        {
            return inner;
        }

        return new BounceReport(ReportKind.Bounce, fromText, originalId, parts.Original);
    }

    private static BouncedRecipient FromDsn(DsnRecipient r, string humanText)
    {
        var diagnostic = r.Diagnostic ?? r.StatusComment ?? "";
        if (r.Action is "delivered" or "relayed" or "expanded" or "deliverable" || r.Status?.StartsWith('2') == true)
        {
            return new BouncedRecipient(r.Address, BounceClass.NotABounce, BounceReason.Undefined, r.Status, ReplyCode(diagnostic), diagnostic);
        }

        var segment = Segment(humanText, r.Address);
        var reason = r.DiagnosticType is "x-unix" || PipeToProgram().IsMatch(diagnostic)
            ? BounceReason.SystemError
            : AboutTheSender(r.Status ?? StatusIn(diagnostic), diagnostic)
            ? BounceReason.Rejected
            : ReasonRules.Match(diagnostic) is { } said && said != BounceReason.Rejected
                ? said
                : ReasonRules.Of(segment, r.Status ?? StatusIn(diagnostic), humanText) ?? BounceReason.Undefined;
        var evidence = diagnostic.Length > 0 ? diagnostic : segment ?? humanText;
        var status = r.Status ?? StatusIn(diagnostic);
        var code = ReplyCode(diagnostic);
        var placed = StatusIn(diagnostic) is { } said2 && said2.Length > 0 && said2[2] == '1' ? said2 : status;
        return Verdict(r.Address, Adjust(reason, placed, code, diagnostic + "\n" + (segment ?? ""), humanText), status, code, evidence, delayed: r.Action == "delayed");
    }

    private static List<BouncedRecipient> FromText(MimeMessage message, ReportParts parts)
    {
        var text = parts.HumanText;
        var known = KnownAddresses(message, parts);
        var found = Addresses().Matches(text)
            .Where(m => !known.Contains(m.Groups["address"].Value.ToLowerInvariant()) && !IsSystemMailbox(m.Groups["address"].Value) && !OnAnIdLine(text, m.Index))
            .DistinctBy(m => m.Groups["address"].Value.ToLowerInvariant())
            .ToList();

        if (found.Count == 0)
        {
            var to = parts.Original?[HeaderId.To] is { } header && InternetAddressList.TryParse(header, out var list)
                ? list.Mailboxes.FirstOrDefault()?.Address
                : null;
            return [Judge(to, text, text)];
        }

        return [.. found.Select(m => Judge(m.Groups["address"].Value, Segment(text, m.Groups["address"].Value) ?? text, text))];
    }

    private static BouncedRecipient Judge(string? address, string segment, string wholeText)
    {
        var segmentStatus = StatusIn(segment);
        var reason = PipeToProgram().IsMatch(segment) ? BounceReason.SystemError
            : AboutTheSender(segmentStatus, segment) ? BounceReason.Rejected
            : ReasonRules.Of(segment, segmentStatus, wholeText) ?? ReasonRules.FromStatus(StatusIn(wholeText)) ?? BounceReason.Undefined;
        var evidence = ReasonRules.Match(segment) is not null || segmentStatus is not null ? segment : wholeText;
        var status = StatusIn(evidence);
        var code = ReplyCode(evidence);
        return Verdict(address, Adjust(reason, status, code, segment, wholeText), status, code, evidence, delayed: false);
    }

    /// <summary>An unknown user refused only after the message was sent is a filter's verdict; an unknown host on a temporary reply is the network's.</summary>
    private static BounceReason Adjust(BounceReason reason, string? status, int? code, string near, string context) => reason switch
    {
        BounceReason.UserUnknown when !ConfirmedAtRcpt(status, near, context) => BounceReason.Filtered,
        BounceReason.HostUnknown when status?.StartsWith('4') == true || code is >= 400 and < 500 || TryAgain().IsMatch(near) => BounceReason.NetworkError,
        BounceReason.Undefined or BounceReason.Rejected or BounceReason.SystemError or BounceReason.Policy when code is 521 or 556 => BounceReason.NotAccept,
        _ => reason,
    };

    /// <summary>
    /// "User unknown" is believed when the status says so (x.1.x) or the server said it to the RCPT command. After the
    /// message itself (x.2.x, DATA) or with nothing to place it, it is as often a filter's excuse: soft.
    /// </summary>
    private static bool ConfirmedAtRcpt(string? status, string near, string context)
    {
        // A status that says "bad destination mailbox" is the server's own statement, wherever it came.
        if (status is ['4' or '5', '.', '1', '.', '1'])
        {
            return true;
        }

        if (AfterData().IsMatch(near))
        {
            return false;
        }

        // The recipient's own system saying it has no such user (its directory, its local delivery agent) is not a
        // filter's excuse on someone else's behalf.
        if (AtRcpt().IsMatch(near) || OwnDirectory().IsMatch(near) || OwnDirectory().IsMatch(context))
        {
            return true;
        }

        return status switch
        {
            ['4' or '5', '.', '1', '.', ..] => true,
            _ => AtRcpt().IsMatch(context) && !AfterData().IsMatch(context),
        };
    }

    private static BouncedRecipient Verdict(string? address, BounceReason reason, string? status, int? code, string evidence, bool delayed) =>
        new(address, delayed ? BounceClass.Soft : ClassOf(reason, status, code), reason, status, code, Squeeze(evidence));

    /// <summary>
    /// RFC 3463: the class digit of the status says whether the failure is permanent, and words never turn a 4 into a
    /// 5; without a status the reply code's first digit does (RFC 5321). Then only a reason that means the address
    /// itself is gone is hard.
    /// </summary>
    private static BounceClass ClassOf(BounceReason reason, string? status, int? code) => status switch
    {
        ['4', ..] => BounceClass.Soft,
        null when code is >= 400 and < 500 => BounceClass.Soft,
        _ => ClassOfReason(reason, status, code),
    };

    private static BounceClass ClassOfReason(BounceReason reason, string? status, int? code) => reason switch
    {
        BounceReason.UserUnknown or BounceReason.HostUnknown or BounceReason.HasMoved => BounceClass.Hard,
        BounceReason.NotAccept when status?.StartsWith('5') == true || code is >= 500 and < 600 || (status is null && code is null) => BounceClass.Hard,
        _ => BounceClass.Soft,
    };

    /// <summary>The text about <paramref name="address"/>: its line and the lines after, up to a blank line or another address.</summary>
    private static string? Segment(string text, string? address)
    {
        var at = address is null ? -1 : text.IndexOf(address, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var start = text.LastIndexOf('\n', at) + 1;

        // A transcript's command line (">>> DATA") says when the reply below it came.
        if (start > 1 && text.LastIndexOf('\n', start - 2) + 1 is var previous && text[previous..].StartsWith(">>>", StringComparison.Ordinal))
        {
            start = previous;
        }

        var lines = text[start..].Split('\n');
        var kept = new List<string> { lines[0] };
        foreach (var line in lines.Skip(1))
        {
            if (line.Trim().Length == 0 && kept.Count > 1
                || Addresses().Matches(line).Any(m => !m.Groups["address"].Value.Equals(address, StringComparison.OrdinalIgnoreCase)))
            {
                break;
            }

            kept.Add(line);
        }

        return string.Join('\n', kept);
    }

    private static bool OnAnIdLine(string text, int at)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return IdLine().IsMatch(text[start..at]);
    }

    private static HashSet<string> KnownAddresses(MimeMessage message, ReportParts parts)
    {
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var mailbox in message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Sender is { } s ? [s] : []))
        {
            known.Add(mailbox.Address.ToLowerInvariant());
        }

        foreach (var id in new[] { HeaderId.From, HeaderId.Sender, HeaderId.ReturnPath, HeaderId.ReplyTo })
        {
            if (parts.Original?[id] is { } value && InternetAddressList.TryParse(value, out var list))
            {
                foreach (var mailbox in list.Mailboxes)
                {
                    known.Add(mailbox.Address.ToLowerInvariant());
                }
            }
        }

        if (message.MessageId is { } messageId)
        {
            known.Add(messageId.ToLowerInvariant());
        }

        return known;
    }

    /// <summary>
    /// A reply about the envelope sender (RFC 3463 x.1.7 and x.1.8, or words naming the sender or MAIL FROM) says
    /// nothing about the recipient, whatever else it says.
    /// </summary>
    private static bool AboutTheSender(string? status, string diagnostic) =>
        status is [_, '.', '1', '.', '7'] or [_, '.', '1', '.', '8'] || SenderReply().IsMatch(diagnostic);

    /// <summary>A person (not a mail system) wrote it: a forward or a reply with a message attached is no bounce.</summary>
    private static bool FromAPerson(MimeMessage message) =>
        message.From.Mailboxes.Any() && !message.From.Mailboxes.Any(m => IsSystemMailbox(m.Address))
        && ForwardSubject().IsMatch(message.Subject ?? "") && message.Headers[HeaderId.AutoSubmitted] is null;

    private static bool IsSystemMailbox(string address) =>
        address.Split('@')[0].ToLowerInvariant() is "postmaster" or "post_master" or "mailer-daemon" or "root" or "abuse" or "noreply" or "no-reply" or "daemon";

    private static bool IsAutoReply(MimeMessage message)
    {
        var auto = message.Headers[HeaderId.AutoSubmitted];
        if (auto is not null && auto.Trim().StartsWith("auto-replied", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond")
            || string.Equals(message.Headers[HeaderId.Precedence]?.Trim(), "auto_reply", StringComparison.OrdinalIgnoreCase)
            || AutoReplySubject().IsMatch(message.Subject ?? "");
    }

    private static bool SaysItIsABounce(MimeMessage message) =>
        message.From.Mailboxes.Any(m => IsSystemMailbox(m.Address)) || BounceSubject().IsMatch(message.Subject ?? "");

    private static string? StatusIn(string? text) => text is not null && Status().Match(text) is { Success: true } m ? m.Value : null;

    private static int? ReplyCode(string? text) => text is not null && Code().Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    private static string Squeeze(string text) => Spaces().Replace(text, " ").Trim() is var s && s.Length > 1000 ? s[..1000] : s;

    [GeneratedRegex(@"<?(?<address>[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)>?")]
    private static partial Regex Addresses();

    [GeneratedRegex(@"\b[245]\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Status();

    [GeneratedRegex(@"(?<![\d.])([245]\d\d)(?=[ -]|$)(?![.\d])")]
    private static partial Regex Code();

    [GeneratedRegex(@">>> DATA|after (end of )?data|end of data|command DATA|in reply to (end of )?DATA|DATA command", RegexOptions.IgnoreCase)]
    private static partial Regex AfterData();

    [GeneratedRegex(@"RCPT[ _]?(TO)?\b|does not like recipient|recipient address rejected|did not like our RCPT|recipients? (was |were )?rejected|invalid recipient|unknown recipient|recipient name is not recognized|RCPT command|no valid recipients|delivery error: dd |address couldn't be found|address not found", RegexOptions.IgnoreCase)]
    private static partial Regex AtRcpt();

    /// <summary>Amazon SES forwards its notifications as JSON mail.</summary>
    [GeneratedRegex(@"""notificationType""\s*:\s*""(\w+)""")]
    private static partial Regex SesNotification();

    [GeneratedRegex(@"not listed in .{0,40}(directory|address book)|mail\.local:|no mailbox here by that name|unknown local[- ]part|local delivery (failed|agent)", RegexOptions.IgnoreCase)]
    private static partial Regex OwnDirectory();

    [GeneratedRegex(@"sender address (rejected|invalid|unknown)|invalid sender|sender (domain|address) (does not exist|not found|unknown|invalid)|(in reply to|after) MAIL FROM|MAIL FROM (address|domain)|envelope sender|return[- ]path (address|domain)", RegexOptions.IgnoreCase)]
    private static partial Regex SenderReply();

    [GeneratedRegex(@"^\s*(fwd?|fw|wg|tr|rv|enc|i|doorst|vs|vb)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex ForwardSubject();

    /// <summary>Lines that carry message ids and header addresses rather than recipients.</summary>
    [GeneratedRegex(@"^\s*(message-id|in-reply-to|references|resent-message-id|x-[\w-]+|received|return-path|from|reply-to|sender|dkim-signature|list-[\w-]+|content-id)\s*:|message[- ]?id|msgid|\bid\s*<", RegexOptions.IgnoreCase)]
    private static partial Regex IdLine();

    [GeneratedRegex(@"not\s+found,\s+try\s+again", RegexOptions.IgnoreCase)]
    private static partial Regex TryAgain();

    [GeneratedRegex(@"pipe to \|", RegexOptions.IgnoreCase)]
    private static partial Regex PipeToProgram();

    [GeneratedRegex(@"complaint about message|abuse report|spam report|feedback report", RegexOptions.IgnoreCase)]
    private static partial Regex ComplaintSubject();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|vacation|abwesenheit|absence|自動応答|auto:)", RegexOptions.IgnoreCase)]
    private static partial Regex AutoReplySubject();

    [GeneratedRegex(@"undeliver|undelivered|delivery (status|failure|failed|problem|notification)|failure notice|returned mail|mail delivery (failed|system)|non-?delivery|could not be delivered|rejected|bounce|delivery has failed|nicht zustellbar|unzustellbar", RegexOptions.IgnoreCase)]
    private static partial Regex BounceSubject();
}
