using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

/// <summary>Accounts created by an Admin, invitations mailed through SmartSender itself, accepted once by setting a password.</summary>
[Collection(AppCollection.Name)]
public class InvitationTests : IAsyncLifetime
{
    private readonly SmartSenderApp _app = SystemMailApp.Create();

    public async Task InitializeAsync() => await SystemMailApp.PrepareAsync(_app);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    [Fact]
    public async Task AdminCreatesAnAccount_TheOwnerGetsTheLinkByMail_SetsAPassword_AndIsSignedIn()
    {
        var created = await WithAsync(sp => sp.GetRequiredService<AccountRegistry>().CreateAsync("Acme", "olga@acme.test", SmartSenderApp.AdminEmail));
        Assert.True(created.Succeeded, string.Join(" ", created.Errors));
        Assert.Null(created.Value!.MailError);

        var mail = await SystemMailApp.NextMailToAsync(_app, "olga@acme.test");
        Assert.Equal("You are invited to Acme on SmartSender", mail.Subject);
        Assert.Equal("no-reply@operator.test", mail.From.Mailboxes.Single().Address);
        Assert.Contains("DKIM-Signature", mail.Headers.Select(h => h.Field));
        var link = SystemMailApp.LinkPath(mail, Invitations.AcceptPath);

        // The database keeps only the link's hash.
        var stored = await _app.WithDbAsync(db => db.Invitations.SingleAsync());
        Assert.DoesNotContain(stored.TokenHash, link);
        Assert.Equal(AccountRole.Owner, stored.Role);

        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await browser.GetStringAsync(link);
        Assert.Contains("Join Acme", page);
        Assert.Contains("olga@acme.test", page);

        var differ = await BrowserlessSignIn.PostFormAsync(browser, link, "accept-invitation", new() { ["Input.Password"] = "Olga-Password-1", ["Input.ConfirmPassword"] = "Olga-Password-2" });
        Assert.Contains("The two passwords differ.", await differ.Content.ReadAsStringAsync());

        var accepted = await BrowserlessSignIn.PostFormAsync(browser, link, "accept-invitation", new() { ["Input.Password"] = "Olga-Password-1", ["Input.ConfirmPassword"] = "Olga-Password-1" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("Account name: <strong>Acme</strong>", await browser.GetStringAsync("/account"));

        // The link worked once.
        using var other = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Contains("This invitation was already accepted", await other.GetStringAsync(link));
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(other, "olga@acme.test", "Olga-Password-1")).StatusCode);

        var user = await _app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "olga@acme.test"));
        Assert.Equal(AccountRole.Owner, user.Role);
        var actions = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.AccountId == user.AccountId).Select(e => e.Action).ToListAsync());
        Assert.Contains(AuditActions.InvitationAccepted, actions);
    }

    [Fact]
    public async Task CreatingAnAccount_RefusesATakenNameOrOwnerAddress_AndCreatesNothing()
    {
        var refused = await WithAsync(sp => sp.GetRequiredService<AccountRegistry>().CreateAsync(Account.DefaultOperatorAccountName, SmartSenderApp.AdminEmail, SmartSenderApp.AdminEmail));
        var blank = await WithAsync(sp => sp.GetRequiredService<AccountRegistry>().CreateAsync(" ", "not an address", SmartSenderApp.AdminEmail));

        Assert.Equal(["account_name_taken", "email_taken"], refused.Errors.Select(e => e.Code));
        Assert.Equal(["account_name_required", "email_invalid"], blank.Errors.Select(e => e.Code));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Accounts.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Invitations.CountAsync()));
    }

    [Fact]
    public async Task AnInvitation_Expires_AndANewerOneReplacesTheOlder()
    {
        var account = (await WithAsync(sp => sp.GetRequiredService<AccountRegistry>().CreateAsync("Shop", "sam@shop.test", SmartSenderApp.AdminEmail))).Value!.Invitation.AccountId;
        var first = SystemMailApp.LinkPath(await SystemMailApp.NextMailToAsync(_app, "sam@shop.test"), Invitations.AcceptPath);
        await WithAsync(sp => sp.GetRequiredService<Invitations>().InviteAsync(account, "sam@shop.test", AccountRole.Viewer, "owner@shop.test"));
        var second = SystemMailApp.LinkPath(await SystemMailApp.NextMailToAsync(_app, "sam@shop.test"), Invitations.AcceptPath);

        using var browser = _app.CreateClient();
        Assert.Contains("This invitation link is not valid", await browser.GetStringAsync(first));
        Assert.Contains("as <strong>Viewer</strong>", await browser.GetStringAsync(second));

        // Moved past its lifetime, the newer one expires too.
        var clock = new FixedClock(DateTimeOffset.UtcNow.AddDays(8));
        await using var scope = _app.Services.CreateAsyncScope();
        var later = new Invitations(scope.ServiceProvider.GetRequiredService<IDbContextFactory<Core.Persistence.SmartSenderDbContext>>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>(), scope.ServiceProvider.GetRequiredService<Core.SystemMail.SystemMailer>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountsOptions>>(), clock);
        var expired = await later.AcceptAsync(second[Invitations.AcceptPath.Length..], "Sam-Password-1", "Sam-Password-1");
        Assert.Equal("invitation_expired", expired.Errors.Single().Code);
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sam@shop.test")));
    }

    [Fact]
    public async Task WithoutASystemSender_TheInvitationIsMade_AndTheLinkIsGivenToTheInviter()
    {
        await using var app = new SmartSenderApp();
        var admin = await app.CreateAdminAsync();
        await using var scope = app.Services.CreateAsyncScope();

        var invited = await scope.ServiceProvider.GetRequiredService<Invitations>().InviteAsync(admin.Id, "dev@operator.test", AccountRole.Developer, SmartSenderApp.AdminEmail);

        Assert.True(invited.Succeeded);
        Assert.Equal("system_mail_off", invited.Value!.MailError!.Code);
        Assert.StartsWith("http://localhost:5080/invitation/", invited.Value.Link);
        Assert.Equal(0, app.Smtp.Count);
    }
}
