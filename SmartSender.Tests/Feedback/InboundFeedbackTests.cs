using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Feedback;
using SmartSender.Core.Feedback.Bounces;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Inbound;

namespace SmartSender.Tests.Feedback;

/// <summary>
/// A message delivered to a real SMTP server on 127.0.0.1, then a bounce or a complaint about it sent over SMTP to
/// SmartSender's own inbound listener, as a receiving provider would.
/// </summary>
public sealed class InboundFeedbackTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private const string ReturnPathHost = "bounces.smartsender.test";
    private readonly TestDatabase _database = new();
    private readonly SmtpSink _smtp = new();
    private readonly int _inboundPort = SmtpSink.FreePort(System.Net.IPAddress.Loopback);
    private ServiceProvider _services = default!;
    private InboundSmtpListener _listener = default!;
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        dns.Clear();
        var domains = new DomainTestContext(_database, dns);
        _services = _database.CreateServices(s =>
        {
            s.AddOptions<DeliveryOptions>().Configure(o => o.Relay = new RelayOptions { Host = "127.0.0.1", Port = _smtp.Port, Security = RelaySecurity.None });
            s.AddSingleton<IMessageSender, SmtpRelaySender>();
            s.AddOptions<LaneOptions>().Configure(o => o.Providers["Relay"] = new LaneLimits { PerHour = 3_600 });
            s.AddDeliveryStack(domains);
            s.AddSingleton(Options.Create(new InboundOptions { Port = _inboundPort, FeedbackAddresses = ["fbl@feedback.shop.test"] }));
            s.AddSingleton<InboundRecipients>();
            s.AddSingleton<BounceClassifier>();
            s.AddSingleton<FeedbackProcessor>();
            s.AddSingleton(NullLogger<FeedbackProcessor>.Instance);
            s.AddSingleton<Microsoft.Extensions.Logging.ILogger<InboundSmtpListener>>(NullLogger<InboundSmtpListener>.Instance);
            s.TryAddSingleton(dns.CreateResolver());
            s.AddOptions<Core.Dmarc.DmarcOptions>();
            s.AddSingleton<Core.Dmarc.DmarcReports>();
            s.AddSingleton<InboundSmtpListener>();
        });
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];

        await domains.AddVerifiedAsync(_accountId, "shop.test");
        _listener = _services.GetRequiredService<InboundSmtpListener>();
        await _listener.StartAsync(CancellationToken.None);
        await _listener.Started;
    }

    public async Task DisposeAsync()
    {
        await _listener.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_SendsWithAReturnPathThatNamesTheMessage_AtTheDomainsOwnBouncesName()
    {
        var (message, received) = await DeliverAsync("ann@example.test");

        Assert.Equal($"bounces+{message.Token}@bounces.shop.test", _smtp.EnvelopeFromOf(received));
    }

    [Fact]
    public async Task HardBounce_SentToTheReturnPath_MarksTheMessageBounced_RecordsTheDsn_AndSuppressesTheAddress()
    {
        var (message, received) = await DeliverAsync("gone@example.test");

        await SendToListenerAsync(Reports.Dsn(received, "gone@example.test", "5.1.1", "smtp; 550 5.1.1 <gone@example.test>: Recipient address rejected: User unknown in local recipient table"),
            _smtp.EnvelopeFromOf(received));

        await using var db = _database.CreateContext();
        var stored = await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == message.Id);
        Assert.Equal(MessageStatus.Bounced, stored.Status);
        var bounce = Assert.Single(stored.Events, e => e.Type == MessageEventType.HardBounced);
        Assert.Equal(EventSource.Dsn, bounce.Source);
        Assert.Contains("5.1.1", bounce.Detail);
        Assert.Contains("User unknown", bounce.Detail);
        var suppression = await db.Suppressions.SingleAsync(s => s.AccountId == _accountId);
        Assert.Equal(("gone@example.test", SuppressionReason.HardBounce, message.Id), (suppression.Address, suppression.Reason, suppression.MessageId));

        await using var scope = _services.CreateAsyncScope();
        var again = await scope.ServiceProvider.GetRequiredService<MessageSubmission>().SubmitAsync(_accountId, new SendRequestBuilder().To("gone@example.test").Build());
        Assert.Equal(SuppressedError.Reason, Assert.Single(again.Errors).Code);
    }

    [Fact]
    public async Task SoftBounce_IsRecorded_ButTheMessageStaysSentAndTheAddressStays()
    {
        var (message, received) = await DeliverAsync("full@example.test");

        await SendToListenerAsync(Reports.Dsn(received, "full@example.test", "4.2.2", "smtp; 452 4.2.2 <full@example.test>: Mailbox full"), _smtp.EnvelopeFromOf(received));

        await using var db = _database.CreateContext();
        var stored = await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == message.Id);
        Assert.Equal(MessageStatus.Delivered, stored.Status);
        Assert.Contains("MailboxFull", Assert.Single(stored.Events, e => e.Type == MessageEventType.SoftBounced).Detail);
        Assert.False(await db.Suppressions.AnyAsync());
    }

    [Fact]
    public async Task Complaint_AtAFeedbackLoopAddress_IsMatchedByTheReturnedMessage_AndSuppressesTheAddress()
    {
        var (message, received) = await DeliverAsync("angry@example.test");

        await SendToListenerAsync(Arf(received), "fbl@feedback.shop.test");

        await using var db = _database.CreateContext();
        var complaint = await db.MessageEvents.SingleAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Complained);
        Assert.Equal(EventSource.Arf, complaint.Source);
        Assert.Contains("Feedback-Type: abuse", complaint.Detail);
        var suppression = await db.Suppressions.SingleAsync();
        Assert.Equal(("angry@example.test", SuppressionReason.Complaint), (suppression.Address, suppression.Reason));
    }

    [Fact]
    public async Task Complaint_AtThePostmaster_NamingTheMessageOnlyByItsHeaders_IsKeptAsUnverifiedEvidence_AndSuppressesNothing()
    {
        var (message, received) = await DeliverAsync("victim@example.test");

        await SendToListenerAsync(Arf(received), $"postmaster@{ReturnPathHost}");

        await using var db = _database.CreateContext();
        var kept = await db.MessageEvents.SingleAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Reported);
        Assert.StartsWith("unverified", kept.Detail);
        Assert.False(await db.MessageEvents.AnyAsync(e => e.Type == MessageEventType.Complained));
        Assert.False(await db.Suppressions.AnyAsync());
    }

    [Fact]
    public async Task HardBounce_NotSentToTheMessagesReturnPath_IsKeptAsUnverifiedEvidence_AndSuppressesNothing()
    {
        var (message, received) = await DeliverAsync("victim@example.test");

        await SendToListenerAsync(Reports.Dsn(received, "victim@example.test", "5.1.1", "smtp; 550 5.1.1 User unknown"), $"abuse@{ReturnPathHost}");

        await using var db = _database.CreateContext();
        Assert.Equal(MessageEventType.Reported, (await db.MessageEvents.Where(e => e.MessageId == message.Id).OrderBy(e => e.Id).ToListAsync()).Last().Type);
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == message.Id)).Status);
        Assert.False(await db.Suppressions.AnyAsync());
    }

    [Fact]
    public async Task DmarcFailureReport_AtTheReturnPath_IsNoComplaint_AndSuppressesNothing()
    {
        var (message, received) = await DeliverAsync("reader@example.test");

        await SendToListenerAsync(Arf(received, "auth-failure"), _smtp.EnvelopeFromOf(received));

        await using var db = _database.CreateContext();
        var kept = await db.MessageEvents.SingleAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Reported);
        Assert.Contains("auth-failure", kept.Detail);
        Assert.False(await db.MessageEvents.AnyAsync(e => e.Type == MessageEventType.Complained));
        Assert.False(await db.Suppressions.AnyAsync());
    }

    [Theory]
    [InlineData("anything")]
    [InlineData("bounces")]
    public async Task Recipient_AtTheReturnPathHostOtherThanAReturnPathOrRoleAddress_IsRefusedAtRcpt(string user)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse("someone@example.test"));
        mail.Body = new TextPart("plain") { Text = "Hello." };

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendToListenerAsync(mail, $"{user}@{ReturnPathHost}"));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
    }

    [Fact]
    public async Task AutoReply_ToTheReturnPath_ChangesNothing()
    {
        var (message, received) = await DeliverAsync("away@example.test");
        var reply = new MimeMessage();
        reply.From.Add(MailboxAddress.Parse("away@example.test"));
        reply.To.Add(MailboxAddress.Parse("orders@shop.test"));
        reply.Subject = "Out of office: " + received.Subject;
        reply.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        reply.Body = new TextPart("plain") { Text = "I am away until Monday." };

        await SendToListenerAsync(reply, _smtp.EnvelopeFromOf(received));

        await using var db = _database.CreateContext();
        Assert.Equal([MessageEventType.Queued, MessageEventType.Delivered], await db.MessageEvents.Where(e => e.MessageId == message.Id).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        Assert.False(await db.Suppressions.AnyAsync());
    }

    [Fact]
    public async Task Recipient_OutsideTheReturnPathsAndFeedbackAddresses_IsRefusedAtRcpt()
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse("someone@example.test"));
        mail.To.Add(MailboxAddress.Parse("ceo@shop.test"));
        mail.Body = new TextPart("plain") { Text = "Relay this, please." };

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => SendToListenerAsync(mail, "ceo@shop.test"));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
    }

    [Fact]
    public async Task PostmasterWithoutADomain_IsAccepted_AndItsReportIsRead_WhileContentThatLooksLikeCommandsPassesUntouched()
    {
        var (message, received) = await DeliverAsync("victim@example.test");
        var report = Arf(received);
        ((MultipartReport)report.Body!).Insert(1, new TextPart("plain") { Text = "RCPT TO:<postmaster>\r\n.\r\nQUIT\r\n" });
        using var content = new MemoryStream();
        await report.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, content);
        var lines = System.Text.Encoding.ASCII.GetString(content.ToArray()).Split("\r\n");

        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, _inboundPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        await using var writer = new StreamWriter(stream, System.Text.Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        Assert.StartsWith("220 ", await reader.ReadLineAsync());
        await writer.WriteLineAsync("HELO mx.example.test");
        Assert.StartsWith("250", await reader.ReadLineAsync());

        await writer.WriteLineAsync("MAIL FROM:<>");
        Assert.StartsWith("250", await reader.ReadLineAsync());
        await writer.WriteLineAsync("RCPT TO:<postmaster@elsewhere.test>");
        Assert.StartsWith("550", await reader.ReadLineAsync());
        await writer.WriteLineAsync("RCPT TO:<Postmaster>");
        Assert.StartsWith("250", await reader.ReadLineAsync());
        await writer.WriteLineAsync("DATA");
        Assert.StartsWith("354", await reader.ReadLineAsync());
        foreach (var line in lines[..^1])
        {
            await writer.WriteLineAsync(line.StartsWith('.') ? "." + line : line);
        }

        await writer.WriteLineAsync(".");
        Assert.Equal("250 Ok", await reader.ReadLineAsync());

        // The content's look-alike lines were content: the session is back at commands, and postmaster still works.
        await writer.WriteLineAsync("MAIL FROM:<>");
        Assert.StartsWith("250", await reader.ReadLineAsync());
        await writer.WriteLineAsync("RCPT TO:<postmaster>");
        Assert.StartsWith("250", await reader.ReadLineAsync());

        await using var db = _database.CreateContext();
        var kept = await db.MessageEvents.SingleAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Reported);
        Assert.StartsWith("unverified", kept.Detail);
    }

    [Fact]
    public async Task TheBanner_NamesNoSoftwareVersion_AndADeclaredSizeOverTheLimit_IsRefusedAtMailFrom()
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, _inboundPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        await using var writer = new StreamWriter(stream, System.Text.Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };

        var banner = await reader.ReadLineAsync();
        Assert.Matches("^220 [^ ]+ ESMTP ready$", banner);
        Assert.DoesNotMatch("[0-9]+\\.[0-9]+", banner);

        await writer.WriteLineAsync("EHLO mx.example.test");
        string? line;
        do
        {
            line = await reader.ReadLineAsync();
        }
        while (line is not null && line.StartsWith("250-", StringComparison.Ordinal));

        await writer.WriteLineAsync($"MAIL FROM:<> SIZE={InboundOptions.DefaultMaxMessageBytes + 1}");
        Assert.StartsWith("552 5.3.4 ", await reader.ReadLineAsync());
        await writer.WriteLineAsync("MAIL FROM:<> SIZE=99999999999");
        Assert.StartsWith("552 5.3.4 ", await reader.ReadLineAsync());

        await writer.WriteLineAsync("MAIL FROM:<> SIZE=2000");
        Assert.StartsWith("250", await reader.ReadLineAsync());
    }

    private async Task<(Message Message, MimeMessage Received)> DeliverAsync(string to)
    {
        var message = await _services.SubmitAsync(_accountId, new SendRequestBuilder().To(to).Build());
        await _services.DrainAsync();
        return (message, await _smtp.NextAsync());
    }

    private Task SendToListenerAsync(MimeMessage report, string recipient) => Reports.SendAsync(report, _inboundPort, recipient);

    /// <summary>An abuse report as Yahoo's feedback loop sends it (RFC 5965), with the whole message attached.</summary>
    private static MimeMessage Arf(MimeMessage original, string feedbackType = "abuse")
    {
        var report = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = "This is an email abuse report for an email message received from IP 192.0.2.10." },
            new MimePart("message", "feedback-report")
            {
                Content = new MimeContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(
                    $"Feedback-Type: {feedbackType}\r\nUser-Agent: Yahoo!-Mail-Feedback/2.0\r\nVersion: 1\r\nOriginal-Rcpt-To: angry@example.test\r\nSource-IP: 192.0.2.10\r\n"))),
            },
            new MessagePart { Message = original },
        };
        var mail = new MimeMessage { Subject = "FW: " + original.Subject, Body = report };
        mail.From.Add(MailboxAddress.Parse("feedback@arf.mail.example.test"));
        mail.To.Add(MailboxAddress.Parse("fbl@feedback.shop.test"));
        return mail;
    }
}
