using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor.Services;
using SmartSender.Core.Accounts;
using System.Security.Claims;

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

    protected void SignIn(Guid accountId, params string[] roles)
    {
        Auth.SetAuthorized("user@shop.test");
        Auth.SetRoles(roles);
        Auth.SetClaims(new Claim(AccountClaims.AccountId, accountId.ToString()));

        // Set here rather than in the constructor: it builds the service provider, after which no service can be added.
        Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeTestAsync();
        await base.DisposeAsync();
    }

    protected virtual Task DisposeTestAsync() => Task.CompletedTask;
}
