using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor.Services;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;

namespace SmartSender.Tests.Web.Components;

/// <summary>bUnit with MudBlazor's services and a signed-in user of one account.</summary>
public abstract class ComponentTest : BunitContext, IAsyncLifetime
{
    protected ComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Auth = AddAuthorization();
    }

    protected BunitAuthorizationContext Auth { get; }

    /// <summary>Signs in a user of the account; an Owner unless <paramref name="roles"/> names another account role.</summary>
    protected void SignIn(Guid accountId, params string[] roles)
    {
        // Every real user has one account role; the dashboard's policies follow from it as the app's do.
        if (!roles.Any(r => Enum.TryParse<AccountRole>(r, out _)))
        {
            roles = [.. roles, nameof(AccountRole.Owner)];
        }

        Auth.SetAuthorized("user@shop.test");
        Auth.SetRoles(roles);
        Auth.SetPolicies([.. PoliciesOf(roles)]);
        Auth.SetClaims(new Claim(AccountClaims.AccountId, accountId.ToString()));

        // Set here rather than in the constructor: it builds the service provider, after which no service can be added.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private static IEnumerable<string> PoliciesOf(string[] roles)
    {
        if (roles.Contains(nameof(AccountRole.Owner)))
        {
            yield return SmartSender.Web.Auth.Policies.Owner;
        }

        if (roles.Contains(nameof(AccountRole.Owner)) || roles.Contains(nameof(AccountRole.Developer)))
        {
            yield return SmartSender.Web.Auth.Policies.Editor;
        }

        if (roles.Contains(Roles.Admin))
        {
            yield return SmartSender.Web.Auth.Policies.Admin;
        }
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeTestAsync();
        await base.DisposeAsync();
    }

    protected virtual Task DisposeTestAsync() => Task.CompletedTask;
}
