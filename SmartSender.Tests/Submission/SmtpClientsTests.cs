using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Submission;

/// <summary>
/// Real SMTP clients against the submission listener: swaks with STARTTLS and AUTH, and a Postfix that relays to
/// SmartSender as its smarthost with SASL and required TLS, given one message for two recipients.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class SmtpClientsTests : SubmissionTestBase
{

    [Fact]
    public async Task Swaks_WithStartTlsAndAuth_SendsAMessageThatArrivesSigned()
    {
        var (exitCode, output) = await ProgramRun.ShellAsync(
            $"swaks --server 127.0.0.1 --port {App.SubmissionPort} --tls --auth LOGIN --auth-user apikey --auth-password '{Key}' " +
            "--from hello@shop.test --to ann@example.com --header 'Subject: From swaks' --header 'X-SmartSender-Tag: swaks' --body 'It works.'");

        Assert.True(exitCode == 0, output);
        Assert.Contains("<~  250 2.0.0 Queued as", output);
        var delivered = await App.Smtp.NextAsync();
        Assert.Equal("From swaks", delivered.Subject);
        Assert.Null(delivered.Headers["X-SmartSender-Tag"]);
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(App.Dns.CreateResolver()));
        Assert.True(await verifier.VerifyAsync(delivered, delivered.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature)));
    }

    [SkippableFact]
    public async Task Postfix_AsARelayWithSaslAndTls_DeliversEachRecipientAsItsOwnMessage()
    {
        Skip.If(PostfixRelay.Unavailable is not null, PostfixRelay.Unavailable);
        await using var postfix = await PostfixRelay.StartAsync(App.SubmissionPort, Key);

        // One message for two recipients, as an app hands it to its local Postfix.
        using (var client = new MailKit.Net.Smtp.SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", postfix.Port, MailKit.Security.SecureSocketOptions.None);
            var message = new MimeKit.MimeMessage { Subject = "Through Postfix" };
            message.From.Add(MimeKit.MailboxAddress.Parse("hello@shop.test"));
            message.To.Add(MimeKit.MailboxAddress.Parse("ann@example.com"));
            message.To.Add(MimeKit.MailboxAddress.Parse("bob@example.com"));
            message.Body = new MimeKit.TextPart("plain") { Text = "It works." };
            await client.SendAsync(message);
        }

        // The second recipient is answered 452 4.5.3; Postfix sends it in a transaction of its own.
        var delivered = new[] { await ArrivalAsync(postfix), await ArrivalAsync(postfix) };
        Assert.Equal(["ann@example.com", "bob@example.com"], delivered.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(delivered, m => Assert.Equal("Through Postfix", m.Subject));
        Assert.NotEqual(delivered[0].MessageId, delivered[1].MessageId);
        var stored = await App.WithDbAsync(db => db.Messages.Select(m => m.To).ToListAsync());
        Assert.Equal(["ann@example.com", "bob@example.com"], stored.Order());
        Assert.Contains("TLS connection established to 127.0.0.1", postfix.Log);
    }

    /// <summary>
    /// The next message at the sink. A deferred recipient waits in Postfix's queue for its next scan, which a busy
    /// machine can put off: while none comes, Postfix is asked to try its deferred mail now (<c>postfix flush</c>), as
    /// its queue manager would at the next scan. When none comes in a minute, the failure shows what Postfix logged.
    /// </summary>
    private async Task<MimeKit.MimeMessage> ArrivalAsync(PostfixRelay postfix)
    {
        for (var attempt = 0; attempt < 12; attempt++)
        {
            try
            {
                return await App.Smtp.NextAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
                await postfix.FlushAsync();
            }
        }

        var messages = await App.WithDbAsync(db => db.Messages.Include(m => m.Events).ToListAsync());
        var state = string.Join("\n", messages.Select(m => $"{m.To} {m.Status}: " + string.Join(", ", m.Events.Select(e => $"{e.Type} {e.Detail}"))));
        Assert.Fail($"Nothing arrived from Postfix in a minute. Stored:\n{state}\nPostfix's log:\n{postfix.Log}");
        throw new UnreachableException();
    }
}
