using MailKit.Net.Smtp;
using MimeKit;

namespace SmartSender.Tests.Fixtures;

/// <summary>Reports as receiving servers send them, and their delivery to an inbound SMTP listener on 127.0.0.1.</summary>
public static class Reports
{
    /// <summary>A DSN as Postfix writes it, with the returned message's headers.</summary>
    public static MimeMessage Dsn(MimeMessage original, string recipient, string status, string diagnostic)
    {
        var headers = new MemoryStream();
        original.Headers.WriteTo(headers);
        var text = $"""
            From: MAILER-DAEMON@mx.example.test (Mail Delivery System)
            To: {original.From.Mailboxes.Single().Address}
            Subject: Undelivered Mail Returned to Sender
            Auto-Submitted: auto-replied
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: text/plain

            This is the mail system at host mx.example.test.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

            <{recipient}>: host mx.example.test said: {diagnostic[(diagnostic.IndexOf(';') + 2)..]}

            --B
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.test

            Final-Recipient: rfc822; {recipient}
            Action: {(status.StartsWith('5') ? "failed" : "delayed")}
            Status: {status}
            Diagnostic-Code: {diagnostic}

            --B
            Content-Type: text/rfc822-headers

            {System.Text.Encoding.UTF8.GetString(headers.ToArray()).TrimEnd()}
            --B--
            """;
        return MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));
    }

    /// <summary>Sends <paramref name="report"/> from a mailer daemon to <paramref name="recipient"/> at the listener on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task SendAsync(MimeMessage report, int port, string recipient)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(report, new MailboxAddress("", "MAILER-DAEMON@mx.example.test"), [MailboxAddress.Parse(recipient)]);
        await client.DisconnectAsync(true);
    }
}
