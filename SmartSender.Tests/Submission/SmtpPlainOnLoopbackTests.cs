using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Submission;

namespace SmartSender.Tests.Submission;

/// <summary>Submission:AllowPlainAuthOnLoopback: a tool without TLS on this machine may log in before STARTTLS.</summary>
[Collection(AppCollection.Name)]
public sealed class SmtpPlainOnLoopbackTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new() { WithSubmission = true };
    private string _key = "";

    public async Task InitializeAsync()
    {
        _app.Settings["Submission:AllowPlainAuthOnLoopback"] = "true";
        var account = await _app.CreateAdminAsync();
        await _app.VerifyDomainAsync(account.Id, "shop.test");
        _key = await _app.CreateApiKeyAsync(account.Id);
        await _app.Services.GetRequiredService<SubmissionSmtpListener>().Started;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AClientOnLoopback_LogsInWithoutTls_WhenTheOperatorAllowsIt()
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _app.SubmissionPort, SecureSocketOptions.None);

        Assert.False(client.IsSecure);
        Assert.True(client.Capabilities.HasFlag(SmtpCapabilities.Authentication));
        await client.AuthenticateAsync("apikey", _key);
        var message = new MimeMessage { Subject = "Plain" };
        message.From.Add(MailboxAddress.Parse("hello@shop.test"));
        message.To.Add(MailboxAddress.Parse("ann@example.com"));
        message.Body = new TextPart("plain") { Text = "On this machine." };
        await client.SendAsync(message);

        Assert.Equal("Plain", (await _app.Smtp.NextAsync()).Subject);
    }
}
