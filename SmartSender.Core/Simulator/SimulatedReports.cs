using System.Text;
using MimeKit;
using MimeKit.Utils;
using SmartSender.Core.Feedback;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Simulator;

/// <summary>
/// The mail a receiving side sends back, written as real ones are: an RFC 3464 delivery status notification, an
/// RFC 5965 (ARF) abuse report, an RFC 3834 auto-reply. Each goes to the message's return path, so the inbound
/// path binds it to its message as it would a real one.
/// </summary>
public static class SimulatedReports
{
    private const string Mta = "mx." + SimulatorAddresses.Domain;

    public static string ReturnPathOf(Message message) => $"{ReturnPath.LocalPrefix}{message.Token}@{SimulatorAddresses.Domain}";

    public static MimeMessage Bounce(Message message, DateTimeOffset now)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = $"Your message to {message.To} could not be delivered: the mailbox does not exist ({SimulatedDelivery.Note}).\n" },
            Part("message", "delivery-status",
                $"Reporting-MTA: dns; {Mta}\r\nArrival-Date: {DateUtils.FormatDate(now)}\r\n\r\n"
                + $"Final-Recipient: rfc822; {message.To}\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; {Mta}\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist\r\n"),
            new MessagePart { Message = Original(message) },
        };
        return Envelope(message, "Undelivered Mail Returned to Sender", $"MAILER-DAEMON@{Mta}", report, now);
    }

    public static MimeMessage Complaint(Message message, DateTimeOffset now)
    {
        var report = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = $"This is an abuse report for a message sent to {message.To} ({SimulatedDelivery.Note}).\n" },
            Part("message", "feedback-report",
                $"Feedback-Type: abuse\r\nUser-Agent: SmartSender-Simulator/1.0\r\nVersion: 1\r\nOriginal-Rcpt-To: {message.To}\r\nArrival-Date: {DateUtils.FormatDate(now)}\r\n"),
            new MessagePart { Message = Original(message) },
        };
        return Envelope(message, "Complaint about message", $"feedback@{Mta}", report, now);
    }

    public static MimeMessage OutOfOffice(Message message, DateTimeOffset now)
    {
        var reply = Envelope(message, $"Out of office: {message.Subject}", MailboxAddress.Parse(message.To).Address,
            new TextPart("plain") { Text = "I am out of the office until next week and will answer your message when I am back.\n" }, now);
        reply.Headers.Add("Auto-Submitted", "auto-replied");
        return reply;
    }

    private static MimeMessage Envelope(Message message, string subject, string from, MimeEntity body, DateTimeOffset now)
    {
        var mail = new MimeMessage { Subject = subject, Date = now, Body = body, MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(Mta) };
        mail.From.Add(MailboxAddress.Parse(from));
        mail.To.Add(MailboxAddress.Parse(ReturnPathOf(message)));
        return mail;
    }

    /// <summary>The original's headers, as a report returns them.</summary>
    private static MimeMessage Original(Message message)
    {
        var original = new MimeMessage { Subject = message.Subject, Date = message.CreatedAt, MessageId = $"{message.Id}@{message.SendingDomain}" };
        original.From.Add(MailboxAddress.Parse(message.From));
        original.To.Add(MailboxAddress.Parse(message.To));
        original.Headers.Add("Return-Path", $"<{ReturnPathOf(message)}>");
        original.Headers.Add("X-SmartSender-Message-Id", message.Id.ToString());
        original.Body = new TextPart("plain") { Text = "(body not returned)" };
        return original;
    }

    private static MimePart Part(string type, string subtype, string text) =>
        new(type, subtype) { Content = new MimeContent(new MemoryStream(Encoding.ASCII.GetBytes(text))), ContentTransferEncoding = ContentEncoding.SevenBit };
}
