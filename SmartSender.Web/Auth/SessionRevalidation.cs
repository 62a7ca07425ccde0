using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Auth;

/// <summary>
/// Checks an open dashboard circuit's user every <c>Accounts:SessionCheckInterval</c> (30 s): a user who was removed, whose role changed or whose
/// account was closed (each of which changes the security stamp) is signed out of the circuit, which sends them to
/// the sign-in page.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<AccountsOptions> accounts)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => accounts.Value.SessionCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = state.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
