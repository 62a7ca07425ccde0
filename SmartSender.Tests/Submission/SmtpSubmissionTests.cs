using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Submission;

/// <summary>
/// SMTP submission with a real client (MailKit) against the app's own listener: STARTTLS and implicit TLS, an API key
/// as the password, the API's rules answered in SMTP replies, and each accepted message delivered to the test SMTP
/// sink DKIM-signed, as its own message with its own id.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SmtpSubmissionTests : SubmissionTestBase
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["ApiKeys:MaxFailures"] = "3";

    [Fact]
    public async Task MailKit_WithStartTls_SendsAMessageThatIsStoredSignedAndDeliveredWithItsOwnParts()
    {
        using var client = await ConnectAsync(SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        await client.AuthenticateAsync("apikey", Key);
        var message = Message("ann@example.com");
        message.Headers.Add("In-Reply-To", "<order-1@shop.test>");
        message.Headers.Add(MimeSendRequest.Tag, "welcome");
        message.Headers.Add(MimeSendRequest.Tag, "signup");
        message.Headers.Add(MimeSendRequest.MetadataPrefix + "user", "42");
        message.ReplyTo.Add(MailboxAddress.Parse("help@shop.test"));
        var body = new BodyBuilder { TextBody = "Welcome, Ann.", HtmlBody = "<p>Welcome, Ann.</p><img src=\"cid:logo\">" };
        var logo = body.LinkedResources.Add("logo.png", [137, 80, 78, 71], ContentType.Parse("image/png"));
        logo.ContentId = "logo";
        body.Attachments.Add("terms.txt", "Be kind."u8.ToArray(), ContentType.Parse("text/plain"));
        message.Body = body.ToMessageBody();

        var reply = await client.SendAsync(message);

        var id = Guid.Parse(reply[(reply.LastIndexOf(' ') + 1)..]);
        var stored = await App.WithDbAsync(db => db.Messages.SingleAsync(m => m.Id == id));
        Assert.Equal("ann@example.com", stored.To);
        Assert.Contains("welcome", stored.TagsJson);
        Assert.Contains("\"user\":\"42\"", stored.MetadataJson);
        var delivered = await App.Smtp.NextAsync();
        Assert.Equal("Welcome", delivered.Subject);
        Assert.Equal("ann@example.com", delivered.To.Mailboxes.Single().Address);
        Assert.Equal("<order-1@shop.test>", delivered.Headers["In-Reply-To"]);
        Assert.Equal("help@shop.test", delivered.ReplyTo.Mailboxes.Single().Address);
        Assert.DoesNotContain(delivered.Headers, h => h.Field.StartsWith("X-SmartSender-", StringComparison.OrdinalIgnoreCase) && h.Field != "X-SmartSender-Message-Id");
        Assert.Contains(id.ToString(), delivered.Headers["X-SmartSender-Message-Id"]);
        var related = Assert.IsType<MultipartRelated>(Assert.IsType<Multipart>(delivered.Body)[0]);
        Assert.Contains(related, part => part.ContentId == "logo" && part.ContentDisposition?.Disposition == ContentDisposition.Inline);
        Assert.Equal(["terms.txt"], delivered.Attachments.Select(a => a.ContentDisposition?.FileName));
        var signature = delivered.Headers.First(h => h.Id == HeaderId.DkimSignature);
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(App.Dns.CreateResolver()));
        Assert.True(await verifier.VerifyAsync(delivered, signature), signature.Value);
    }

    [Fact]
    public async Task MailKit_WithImplicitTlsAndLogin_SendsEachMessageOfTheConnection()
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", App.SubmissionTlsPort, SecureSocketOptions.SslOnConnect);
        client.AuthenticationMechanisms.Remove("PLAIN");
        await client.AuthenticateAsync("shop", Key);

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Message($"user{i}@example.com"));
        }

        Assert.Equal(3, await App.WithDbAsync(db => db.Messages.CountAsync()));
        var delivered = new[] { await App.Smtp.NextAsync(), await App.Smtp.NextAsync(), await App.Smtp.NextAsync() };
        Assert.Equal(["user0@example.com", "user1@example.com", "user2@example.com"], delivered.Select(m => m.To.Mailboxes.Single().Address).Order());
    }

    [Fact]
    public async Task BeforeStartTls_NoLoginIsOffered_AndMailFromNeedsOne()
    {
        using var client = await ConnectAsync(SecureSocketOptions.None);

        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        // MailKit reads the 530 as ServiceNotAuthenticatedException.
        var refused = await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => client.SendAsync(Message("ann@example.com")));
        Assert.StartsWith("5.7.0 Authentication required", refused.Message);
    }

    [Fact]
    public async Task AWrongKey_IsRefusedWith535_AndAnAddressThatKeepsFailing_IsTurnedAway()
    {
        using var client = await ConnectAsync(SecureSocketOptions.StartTls);

        // One mechanism each time: MailKit would otherwise try the next one it knows after a refusal.
        var wrong = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismPlain("apikey", "ss_wrong")));
        Assert.Contains("5.7.8 Authentication credentials invalid", wrong.Message);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismLogin("apikey", "ss_wrong")));

        // The third failure from the address fills the limit (ApiKeys:MaxFailures = 3): the right key is refused now too.
        using var again = await ConnectAsync(SecureSocketOptions.StartTls);
        await Assert.ThrowsAsync<AuthenticationException>(() => again.AuthenticateAsync(new SaslMechanismPlain("apikey", "ss_wrong")));
        using var blocked = await ConnectAsync(SecureSocketOptions.StartTls);
        var turnedAway = await Assert.ThrowsAsync<AuthenticationException>(() => blocked.AuthenticateAsync(new SaslMechanismPlain("apikey", Key)));
        Assert.Contains("4.7.0 Too many failed logins from this address; try again in", turnedAway.Message);
    }

    [Fact]
    public async Task ASecondRecipient_IsAnswered452_AndOnlyTheFirstIsStored()
    {
        using var client = await ConnectAsync(SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", Key);
        var message = Message("ann@example.com");
        message.Cc.Add(MailboxAddress.Parse("bob@example.com"));

        var refused = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, refused.ErrorCode);
        Assert.Equal(452, (int)refused.StatusCode);
        Assert.Equal("bob@example.com", refused.Mailbox?.Address);
        Assert.StartsWith("4.5.3 Too many recipients", refused.Message);
        Assert.Equal(0, await App.WithDbAsync(db => db.Messages.CountAsync()));

        // The same connection goes on: each recipient in a transaction of its own.
        await client.SendAsync(Message("ann@example.com"));
        await client.SendAsync(Message("bob@example.com"));
        Assert.Equal(2, await App.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task EachRuleOfTheApi_IsAnsweredInSmtp_AndNothingIsStored()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SuppressionList>().AddAsync(AccountId, "gone@example.com", SuppressionReason.HardBounce, "550 5.1.1", null);
        }

        using var client = await ConnectAsync(SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", Key);

        var unsigned = Message("ann@example.com");
        unsigned.From.Clear();
        unsigned.From.Add(MailboxAddress.Parse("hello@elsewhere.test"));
        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(unsigned));
        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.StartsWith("5.7.1 unsigned:", refusal.Message);

        refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("gone@example.com")));
        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.StartsWith("5.1.1 suppressed:", refusal.Message);

        var badOption = Message("ann@example.com");
        badOption.Headers.Add(MimeSendRequest.Stream, "newsletter");
        refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(badOption));
        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.Contains("stream_invalid: 'newsletter' is not a stream", refusal.Message);

        var unknownTemplate = Message("ann@example.com");
        unknownTemplate.Headers.Add(MimeSendRequest.Template, "no-such-template");
        refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(unknownTemplate));
        Assert.Equal(550, (int)refusal.StatusCode);

        Assert.Equal(0, await App.WithDbAsync(db => db.Messages.CountAsync()));

        // After every refusal the connection still sends.
        await client.SendAsync(Message("ann@example.com"));
        Assert.Equal(1, await App.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task AKeyLimitedToOtherDomains_CannotSendFromThisOne()
    {
        await App.VerifyDomainAsync(AccountId, "news.test");
        var newsOnly = await App.CreateApiKeyAsync(AccountId, "news", domains: ["news.test"]);
        using var client = await ConnectAsync(SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", newsOnly);

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("ann@example.com")));

        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.Equal("5.7.1 This key may only send from news.test", refusal.Message);
    }

    [Fact]
    public async Task AKeyLimitedToOtherNetworks_CannotLogIn()
    {
        var elsewhere = await App.CreateApiKeyAsync(AccountId, "office", networks: ["203.0.113.0/24"]);
        using var client = await ConnectAsync(SecureSocketOptions.StartTls);

        var refusal = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(new SaslMechanismPlain("apikey", elsewhere)));

        Assert.Contains("5.7.8 The key 'office' may not be used from 127.0.0.1", refusal.Message);
    }

    [Fact]
    public async Task ATemplatedSend_TakesItsVariablesFromAHeader_AndTheMarketingStreamGetsItsUnsubscribeLink()
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<TemplateLibrary>()
                .CreateAsync(AccountId, "welcome", new TemplateContent("Hello {{ name }}", "<p>Hi {{ name }}</p>", "Hi {{ name }}"));
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Message)));
        }

        using var client = await ConnectAsync(SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", Key);
        var message = Message("ann@example.com");
        message.Headers.Add(MimeSendRequest.Template, "welcome");
        message.Headers.Add(MimeSendRequest.Variables, """{"name":"Ann"}""");
        message.Headers.Add(MimeSendRequest.Stream, "marketing");

        await client.SendAsync(message);

        var delivered = await App.Smtp.NextAsync();
        Assert.Equal("Hello Ann", delivered.Subject);
        Assert.Contains("Hi Ann", delivered.HtmlBody);
        Assert.NotNull(delivered.Headers["List-Unsubscribe"]);
    }

    [Fact]
    public async Task PythonSmtplib_StartTlsLoginSendMessage_DeliversTheFirstRecipientAndReportsTheSecondRefused()
    {
        using var folder = new TestFolder("smtplib");
        var script = Path.Combine(folder.Path, "send.py");
        await File.WriteAllTextAsync(script, """
            import smtplib, ssl, sys
            from email.message import EmailMessage

            msg = EmailMessage()
            msg["From"] = "Shop <hello@shop.test>"
            msg["To"] = "ann@example.com, bob@example.com"
            msg["Subject"] = "From smtplib"
            msg["X-SmartSender-Tag"] = "python"
            msg.set_content("It works.")
            msg.add_alternative("<p>It works.</p>", subtype="html")
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1])) as smtp:
                smtp.starttls(context=ssl._create_unverified_context())
                smtp.login("apikey", sys.argv[2])
                refused = smtp.send_message(msg)
            print(refused)
            """);

        var (exitCode, output) = await ProgramRun.ShellAsync($"python3 {script} {App.SubmissionPort} {Key}");

        Assert.True(exitCode == 0, output);
        Assert.Contains("'bob@example.com': (452, b'4.5.3 Too many recipients", output);
        var delivered = await App.Smtp.NextAsync();
        Assert.Equal("From smtplib", delivered.Subject);
        Assert.Equal("ann@example.com", delivered.To.Mailboxes.Single().Address);
        Assert.Contains("It works.", delivered.HtmlBody);
        Assert.Equal(1, await App.WithDbAsync(db => db.Messages.CountAsync()));
    }

    private async Task<SmtpClient> ConnectAsync(SecureSocketOptions security)
    {
        // The development certificate is self-signed, made on first start.
        var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", App.SubmissionPort, security);
        return client;
    }

    private static MimeMessage Message(string to)
    {
        var message = new MimeMessage { Subject = "Welcome" };
        message.From.Add(new MailboxAddress("Shop", "hello@shop.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = "Welcome." };
        return message;
    }
}
