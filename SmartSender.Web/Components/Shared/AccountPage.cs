using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Components.Shared;

/// <summary>A page that shows one account's data: the signed-in user's own.</summary>
public abstract class AccountPage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [CascadingParameter(Name = "ClientAddress")]
    private string? ClientAddress { get; set; }

    /// <summary>The signed-in user and the address the page came from, as the audit log records them.</summary>
    protected async Task<Core.Audit.AuditActor> GetActorAsync() => new(await GetUserEmailAsync(), ClientAddress);

    protected async Task<Guid> GetAccountIdAsync() => (await AuthenticationState).User.GetAccountId();

    /// <summary>The signed-in user's own address, the natural recipient of a test message.</summary>
    protected async Task<string> GetUserEmailAsync()
    {
        var user = (await AuthenticationState).User;
        return user.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value ?? user.Identity?.Name ?? "";
    }
}
