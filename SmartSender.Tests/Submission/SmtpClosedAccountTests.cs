using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Core.Closure;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Submission;

namespace SmartSender.Tests.Submission;

/// <summary>A session that logged in before support closed the account is refused at DATA, as the API refuses it.</summary>
[Collection(AppCollection.Name)]
public sealed class SmtpClosedAccountTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = new() { WithSubmission = true };
    private Guid _account;
    private string _key = "";

    public async Task InitializeAsync()
    {
        await _app.CreateAdminAsync();
        _account = (await _app.CreateCustomerUserAsync("owner@shop.test", "Owner-Password-1", "Shop")).AccountId;
        await _app.VerifyDomainAsync(_account, "shop.test");
        _key = await _app.CreateApiKeyAsync(_account);
        await _app.Services.GetRequiredService<SubmissionSmtpListener>().Started;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AfterSupportClosesTheAccount_AMessageIsRefusedAsAccountClosed_AndNothingIsStored()
    {
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", _app.SubmissionPort, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync("apikey", _key);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AccountClosure>().RequestAsync(_account, "Moving on", "Shop", "owner@shop.test")).Succeeded);
            Assert.True((await scope.ServiceProvider.GetRequiredService<ClosureDecisions>().ApproveAsync(_account, SmartSenderApp.AdminEmail)).Succeeded);
        }

        var message = new MimeMessage { Subject = "After closing" };
        message.From.Add(MailboxAddress.Parse("orders@shop.test"));
        message.To.Add(MailboxAddress.Parse("ann@example.com"));
        message.Body = new TextPart("plain") { Text = "Hi" };
        var refusal = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(message));

        Assert.Equal(550, (int)refusal.StatusCode);
        Assert.StartsWith("5.7.1 account_closed:", refusal.Message);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Messages.CountAsync(m => m.AccountId == _account)));
    }
}
