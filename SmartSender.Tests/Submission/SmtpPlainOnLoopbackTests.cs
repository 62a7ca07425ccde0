using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Submission;

/// <summary>Submission:AllowPlainAuthOnLoopback: a tool without TLS on this machine may log in before STARTTLS.</summary>
[Collection(AppCollection.Name)]
public sealed class SmtpPlainOnLoopbackTests : SubmissionTestBase
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Submission:AllowPlainAuthOnLoopback"] = "true";

    [Fact]
    public async Task AClientOnLoopback_LogsInWithoutTls_WhenTheOperatorAllowsIt()
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", App.SubmissionPort, SecureSocketOptions.None);

        Assert.False(client.IsSecure);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        await client.AuthenticateAsync("apikey", Key);
        var message = new MimeMessage { Subject = "Plain" };
        message.From.Add(MailboxAddress.Parse("hello@shop.test"));
        message.To.Add(MailboxAddress.Parse("ann@example.com"));
        message.Body = new TextPart("plain") { Text = "On this machine." };
        await client.SendAsync(message);

        Assert.Equal("Plain", (await App.Smtp.NextAsync()).Subject);
    }
}
