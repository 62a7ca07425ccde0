using System.Text;
using MimeKit;
using SmartSender.Core.Feedback.Bounces;

namespace SmartSender.Tests.Feedback;

/// <summary>
/// The kinds of mistake a classifier makes on mail it was never tuned on, each against the rule the standards state:
/// the class digit of an RFC 3463 status decides permanence; a receiving side's DNS trouble is transient; a reply about
/// the sender is no verdict on the recipient; an explicit x.1.1 is believed wherever it came; words in other languages
/// count; Message-IDs are not recipients; a person forwarding a message is not a bounce.
/// </summary>
public class BounceClassifierRulesTests
{
    private readonly BounceClassifier _classifier = new();

    [Theory]
    [InlineData("4.1.1", "smtp; 450 4.1.1 <ann@example.test>: Recipient address rejected: address not found")]
    [InlineData("4.0.0", "smtp; 452 user unknown, try again later")]
    [InlineData("4.2.1", "smtp; 451 4.2.1 mailbox does not exist (temporarily)")]
    public void ADsnWithATransientStatus_IsSoft_WhateverItsWordsSay(string status, string diagnostic)
    {
        var recipient = Single(Dsn("failed", status, diagnostic));

        Assert.Equal(BounceClass.Soft, recipient.Class);
    }

    [Theory]
    [InlineData("5.4.4", "smtp; 554 5.4.4 SMTPSEND.DNS.NameServerFailure; DNS query failed with error: ServerFailure")]
    [InlineData("5.4.4", "X-Postfix; Host or domain name not found. Name service error for name=example.test type=MX: Host not found, try again")]
    [InlineData("5.4.4", "smtp; 550 5.4.4 Unable to route: DNS lookup timed out")]
    [InlineData("5.4.0", "smtp; 554 5.4.0 name server reply problem")]
    public void TheReceivingSidesDnsFailing_IsSoft(string status, string diagnostic)
    {
        var recipient = Single(Dsn("failed", status, diagnostic));

        Assert.Equal(BounceClass.Soft, recipient.Class);
    }

    [Fact]
    public void ADomainThatDoesNotExist_StaysHard() =>
        Assert.Equal(BounceClass.Hard, Single(Dsn("failed", "5.1.2", "smtp; 550 5.1.2 Host unknown: domain example.test does not exist (NXDOMAIN)")).Class);

    [Theory]
    [InlineData("5.1.8", "smtp; 553 5.1.8 <bounces@shop.test>: Sender address rejected: Domain not found")]
    [InlineData("5.1.7", "smtp; 550 5.1.7 Invalid sender address: user unknown")]
    [InlineData("5.7.1", "smtp; 550 5.7.1 MAIL FROM domain shop.test does not exist")]
    [InlineData("5.0.0", "smtp; 550 Sender address rejected: mailbox unknown (in reply to MAIL FROM command)")]
    public void AReplyAboutTheSender_IsNoHardBounceOfTheRecipient(string status, string diagnostic)
    {
        var recipient = Single(Dsn("failed", status, diagnostic));

        Assert.NotEqual(BounceClass.Hard, recipient.Class);
    }

    [Fact]
    public void ATranscriptRefusingTheSenderAtMailFrom_IsNoHardBounceOfTheRecipient()
    {
        var recipient = Single(TextBounce(
            "Your message could not be delivered to one or more recipients.\n\n" +
            "<ann@example.test>: host mx.example.test said:\n" +
            ">>> MAIL FROM:<bounces+abc@bounces.shop.test>\n" +
            "<<< 553 5.1.8 Sender address rejected: Domain not found\n"));

        Assert.NotEqual(BounceClass.Hard, recipient.Class);
    }

    [Fact]
    public void AnExplicitUserUnknownStatus_IsBelieved_EvenWhenTheReplyCameAfterData()
    {
        var recipient = Single(Dsn("failed", "5.1.1", "smtp; 550 5.1.1 <ann@example.test>: Recipient address rejected: User unknown (in reply to end of DATA command)"));

        Assert.Equal((BounceClass.Hard, BounceReason.UserUnknown), (recipient.Class, recipient.Reason));
    }

    [Theory]
    [InlineData("550 Benutzer unbekannt: ann@example.test")]
    [InlineData("550 Empfänger existiert nicht")]
    [InlineData("550 Utilisateur inconnu")]
    [InlineData("550 L'adresse n'existe pas")]
    [InlineData("550 Usuario desconocido")]
    [InlineData("550 El buzón no existe")]
    [InlineData("550 Utente sconosciuto")]
    [InlineData("550 Casella di posta inesistente")]
    [InlineData("550 Usuário desconhecido")]
    [InlineData("550 Gebruiker onbekend")]
    [InlineData("550 Почтовый ящик не существует")]
    [InlineData("550 宛先のメールアドレスは存在しません")]
    public void AnUnknownUserSaidInAnotherLanguage_IsHard(string reply)
    {
        var recipient = Single(TextBounce($"Your message could not be delivered.\n\n<ann@example.test>: host mx.example.test said: {reply} (in reply to RCPT TO command)\n"));

        Assert.Equal((BounceClass.Hard, BounceReason.UserUnknown), (recipient.Class, recipient.Reason));
    }

    [Theory]
    [InlineData("552 Postfach voll")]
    [InlineData("452 Boîte aux lettres pleine")]
    [InlineData("552 Buzón lleno")]
    [InlineData("552 Casella piena")]
    public void AFullMailboxSaidInAnotherLanguage_IsSoft(string reply)
    {
        var recipient = Single(TextBounce($"Your message could not be delivered.\n\n<ann@example.test>\n    {reply}\n"));

        Assert.Equal((BounceClass.Soft, BounceReason.MailboxFull), (recipient.Class, recipient.Reason));
    }

    [Fact]
    public void MessageIdsInATextBounce_AreNotTakenForRecipients()
    {
        var report = _classifier.Classify(TextBounce("""
            This is the mail system at host mx.example.test.

            Message-ID: <20261205101500.4f2a9c@mail.shop.test>
            In-Reply-To: <CAF=abc123@mail.gmail.com>
            References: <x1y2z3@lists.example.org>

            <ann@example.test>: host mx.example.test said: 550 5.1.1 User unknown
            """));

        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("ann@example.test", recipient.Address);
        Assert.Equal(BounceClass.Hard, recipient.Class);
    }

    [Fact]
    public void APersonForwardingAMessage_IsNotABounce()
    {
        var original = new MimeMessage();
        original.From.Add(MailboxAddress.Parse("news@shop.test"));
        original.To.Add(MailboxAddress.Parse("ann@example.test"));
        original.Subject = "New in";
        original.Body = new TextPart("plain") { Text = "See what is new." };
        var forward = new MimeMessage();
        forward.From.Add(MailboxAddress.Parse("Ann <ann@example.test>"));
        forward.To.Add(MailboxAddress.Parse("bounces+abc@bounces.shop.test"));
        forward.Subject = "Fwd: New in";
        forward.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "Is this yours? The address bob@example.test does not exist any more, so I forward it." },
            new MessagePart { Message = original },
        };

        var report = _classifier.Classify(forward);

        Assert.NotEqual(ReportKind.Bounce, report.Kind);
        Assert.DoesNotContain(report.Recipients, r => r.Class == BounceClass.Hard);
    }

    private BouncedRecipient Single(MimeMessage message) => Assert.Single(_classifier.Classify(message).Recipients);

    private static MimeMessage Dsn(string action, string status, string diagnostic) => Parse($"""
        From: MAILER-DAEMON@mx.shop.test
        To: bounces+abc@bounces.shop.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="b"

        --b
        Content-Type: text/plain

        Your message could not be delivered.

        --b
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.shop.test

        Final-Recipient: rfc822; ann@example.test
        Action: {action}
        Status: {status}
        Diagnostic-Code: {diagnostic}

        --b--
        """);

    private static MimeMessage TextBounce(string text) => Parse($"""
        From: Mail Delivery System <MAILER-DAEMON@mx.shop.test>
        To: bounces+abc@bounces.shop.test
        Subject: Undelivered Mail Returned to Sender
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        {text}
        """);

    private static MimeMessage Parse(string text) =>
        MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));
}
