using System.Net;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Closure;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;
using SmartSender.Web.Inbound;

namespace SmartSender.Tests.Accounts;

/// <summary>
/// An Owner writes to the support address; the real inbound SMTP listener takes the mail, SmartSender mails a
/// confirmation link to the Owner's registered address, and the link makes it the same closure request.
/// </summary>
[Collection(AppCollection.Name)]
public class ClosureByEmailTests : IAsyncLifetime
{
    private const string Owner = "olga@shop.test";
    private readonly SmartSenderApp _app = SystemMailApp.Create();
    private Guid _account;

    public async Task InitializeAsync()
    {
        await SystemMailApp.PrepareAsync(_app);
        _account = (await _app.CreateCustomerUserAsync(Owner, "Owner-Password-1")).AccountId;
        await _app.Services.GetRequiredService<InboundSmtpListener>().Started;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MailFromTheOwner_BringsAConfirmationLink_AndTheLinkMakesTheClosureRequest()
    {
        await WriteToSupportAsync(Owner, "Please close our account", "We send from another service now.\n\n-- \nOlga\n> quoted older mail");

        var mail = await SystemMailApp.NextMailToAsync(_app, Owner);
        Assert.StartsWith("Confirm closing", mail.Subject);
        var link = SystemMailApp.LinkPath(mail, ClosureByEmail.ConfirmPath);
        Assert.Null(await ClosureRequestedAtAsync());

        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync(link);
        Assert.Contains("We send from another service now.", page);
        Assert.DoesNotContain("quoted older mail", page);

        var confirmed = await BrowserlessSignIn.PostFormAsync(browser, link, "confirm-closure", []);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Support has your request", await confirmed.Content.ReadAsStringAsync());

        var account = await _app.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == _account));
        Assert.NotNull(account.ClosureRequestedAt);
        Assert.Equal(Owner, account.ClosureRequestedBy);
        Assert.Equal("Please close our account\nWe send from another service now.", account.ClosureReason);
        Assert.Contains(await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.AccountId == _account).Select(e => e.Action).ToListAsync()), a => a == AuditActions.ClosureRequested);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Contains(await scope.ServiceProvider.GetRequiredService<AccountClosure>().ListRequestsAsync(), r => r.AccountId == _account);

        // The link works once.
        Assert.Contains("This link cannot be used", await browser.GetStringAsync(link));
    }

    [Fact]
    public async Task MailFromAStranger_IsTakenAndIgnored_AndAViewerIsToldOnlyAnOwnerCan()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var viewer = new AppUser { UserName = "vic@shop.test", Email = "vic@shop.test", AccountId = _account, Role = AccountRole.Viewer };
            Assert.True((await users.CreateAsync(viewer, "Viewer-Password-1")).Succeeded);
        }

        await WriteToSupportAsync("mallory@elsewhere.test", "Close shop.test", "Close it");
        await WriteToSupportAsync("vic@shop.test", "Close our account", "Please");

        var mail = await SystemMailApp.NextMailToAsync(_app, "vic@shop.test");
        Assert.StartsWith("Only an Owner can close", mail.Subject);
        Assert.Null(await ClosureRequestedAtAsync());
        Assert.Equal(0, await _app.WithDbAsync(db => db.ClosureConfirmations.CountAsync()));
        Assert.False(await _app.WithDbAsync(db => db.Messages.AnyAsync(m => m.To.Contains("mallory"))), "a stranger is not answered");
    }

    private Task<DateTime?> ClosureRequestedAtAsync() => _app.WithDbAsync(db => db.Accounts.Where(a => a.Id == _account).Select(a => a.ClosureRequestedAt).SingleAsync());

    private async Task WriteToSupportAsync(string from, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(SystemMailApp.Support));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", _app.InboundPort, MailKit.Security.SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }
}
