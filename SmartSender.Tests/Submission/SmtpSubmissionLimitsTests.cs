using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Submission;

/// <summary>The account's quota and content review, answered in SMTP: over the quota is temporary, so the client keeps the message and retries.</summary>
[Collection(AppCollection.Name)]
public sealed class SmtpSubmissionLimitsTests : SubmissionTestBase
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Quota:Normal:DailyLimit"] = "2";
        settings["Quota:Normal:PerSecond"] = "0";
    }

    [Fact]
    public async Task OverTheDailyQuota_Is452WithWhenToTryAgain_AndNothingIsStored()
    {
        using var client = await ConnectAsync();
        await client.SendAsync(Message("ann@example.com", "Welcome", "Welcome."));
        await client.SendAsync(Message("bob@example.com", "Welcome", "Welcome."));

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(Message("cy@example.com", "Welcome", "Welcome.")));

        Assert.Equal(452, (int)refusal.StatusCode);
        Assert.Matches(@"^4\.7\.1 quota_exceeded: .* Try again in \d+ s", refusal.Message);
        Assert.Equal(2, await App.WithDbAsync(db => db.Messages.CountAsync()));
    }

    [Fact]
    public async Task ContentTheReviewRefuses_Is550WithEachRule()
    {
        using var client = await ConnectAsync();
        var spam = Message("ann@example.com", "VERIFY YOUR ACCOUNT NOW", "x");
        spam.From.Clear();
        spam.From.Add(new MailboxAddress("PayPal Security", "alerts@shop.test"));
        spam.Body = new TextPart("html")
        {
            Text = """<a href="https://bit.ly/3xYz"><img src="https://cdn.example.top/banner.jpg"></a> <a href="http://login.example.top/">www.paypal.com</a>""",
        };

        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(spam));

        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.StartsWith("5.7.1 content:", refusal.Message);
        Assert.Equal(0, await App.WithDbAsync(db => db.Messages.CountAsync()));
    }

    private async Task<SmtpClient> ConnectAsync()
    {
        var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", App.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", Key);
        return client;
    }

    private static MimeMessage Message(string to, string subject, string text)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Shop", "hello@shop.test"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }
}
