using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;
using SmartSender.Core.Users;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

/// <summary>What each role in an account may open and change, read from the pages as each user gets them.</summary>
[Collection(AppCollection.Name)]
public class RoleAccessTests : IAsyncLifetime
{
    private const string NotAllowed = "Your role in this account does not open this page.";
    private readonly SmartSenderApp _app = new();
    private Guid _account;
    private readonly Dictionary<AccountRole, string> _userIds = [];

    public async Task InitializeAsync()
    {
        await _app.CreateAdminAsync();
        var owner = await _app.CreateCustomerUserAsync("owner@shop.test", "Owner-Password-1");
        _account = owner.AccountId;
        _userIds[AccountRole.Owner] = owner.Id;
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        foreach (var role in new[] { AccountRole.Developer, AccountRole.Viewer })
        {
            var user = new AppUser { UserName = Email(role), Email = Email(role), AccountId = _account, Role = role };
            Assert.True((await users.CreateAsync(user, "Member-Password-1")).Succeeded);
            _userIds[role] = user.Id;
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AViewer_ReadsEveryPage_ButGetsNoControlThatChangesAnything()
    {
        using var viewer = await SignInAsync(AccountRole.Viewer);

        foreach (var path in new[] { "/compose", "/templates/new", "/audit" })
        {
            await RefusedAsync(viewer, path);
        }

        var domains = await viewer.GetStringAsync("/domains");
        Assert.DoesNotContain("data-testid=\"add-domain\"", domains);
        Assert.Contains("Owners and Developers add and verify them", domains);
        Assert.DoesNotContain("data-testid=\"webhook-add\"", await viewer.GetStringAsync("/webhooks"));
        Assert.DoesNotContain("data-testid=\"suppression-add\"", await viewer.GetStringAsync("/suppressions"));
        Assert.DoesNotContain("data-testid=\"new-template\"", await viewer.GetStringAsync("/templates"));
        var account = await viewer.GetStringAsync("/account");
        Assert.DoesNotContain("data-testid=\"create-api-key\"", account);
        Assert.DoesNotContain("data-testid=\"invite-email\"", account);
        Assert.DoesNotContain("data-testid=\"close-account\"", account);
        Assert.Contains("Only an Owner of the account can ask to close it.", account);
        Assert.Contains("owner@shop.test", account);
        Assert.DoesNotContain(NotAllowed, await viewer.GetStringAsync("/messages"));
        Assert.DoesNotContain(NotAllowed, await viewer.GetStringAsync("/analytics"));
    }

    [Fact]
    public async Task ADeveloper_ChangesTheSendingSetup_ButNotUsersTheAuditLogOrClosure()
    {
        using var developer = await SignInAsync(AccountRole.Developer);

        Assert.DoesNotContain(NotAllowed, await developer.GetStringAsync("/compose"));
        Assert.DoesNotContain(NotAllowed, await developer.GetStringAsync("/templates/new"));
        await RefusedAsync(developer, "/audit");
        Assert.Contains("data-testid=\"add-domain\"", await developer.GetStringAsync("/domains"));
        var account = await developer.GetStringAsync("/account");
        Assert.Contains("data-testid=\"create-api-key\"", account);
        Assert.DoesNotContain("data-testid=\"invite-email\"", account);
        Assert.DoesNotContain("data-testid=\"close-account\"", account);
    }

    [Fact]
    public async Task AnOwner_ManagesUsersAndSeesTheAuditLog_AndTheAccountKeepsItsLastOwner()
    {
        using var owner = await SignInAsync(AccountRole.Owner);
        Assert.DoesNotContain(NotAllowed, await owner.GetStringAsync("/audit"));
        var account = await owner.GetStringAsync("/account");
        Assert.Contains("data-testid=\"invite-email\"", account);
        Assert.Contains("data-testid=\"close-account\"", account);

        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<AccountUsers>();
        Assert.Equal("last_owner", (await users.ChangeRoleAsync(_account, _userIds[AccountRole.Owner], AccountRole.Viewer)).Errors.Single().Code);
        Assert.Equal("last_owner", (await users.RemoveAsync(_account, _userIds[AccountRole.Owner])).Errors.Single().Code);
        Assert.Equal("user_not_found", (await users.RemoveAsync(Guid.NewGuid(), _userIds[AccountRole.Viewer])).Errors.Single().Code);

        // A new role ends the user's session, and their next sign-in carries it.
        using var viewer = await SignInAsync(AccountRole.Viewer);
        Assert.True((await users.ChangeRoleAsync(_account, _userIds[AccountRole.Viewer], AccountRole.Developer)).Succeeded);
        Assert.Equal(HttpStatusCode.Redirect, (await viewer.GetAsync("/compose")).StatusCode);
        using var promoted = await SignInAsync(AccountRole.Viewer);
        Assert.DoesNotContain(NotAllowed, await promoted.GetStringAsync("/compose"));

        Assert.True((await users.RemoveAsync(_account, _userIds[AccountRole.Developer])).Succeeded);
        Assert.Equal(["owner@shop.test", "viewer@shop.test"], (await users.ListAsync(_account)).Select(u => u.Email));
    }

    /// <summary>403, and words for the person rather than a blank page.</summary>
    private static async Task RefusedAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(NotAllowed, await response.Content.ReadAsStringAsync());
    }

    private static string Email(AccountRole role) => role == AccountRole.Owner ? "owner@shop.test" : $"{role.ToString().ToLowerInvariant()}@shop.test";

    private async Task<HttpClient> SignInAsync(AccountRole role)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var password = role == AccountRole.Owner ? "Owner-Password-1" : "Member-Password-1";
        Assert.Equal(HttpStatusCode.Redirect, (await BrowserlessSignIn.SignInAsync(client, Email(role), password)).StatusCode);
        return client;
    }
}
