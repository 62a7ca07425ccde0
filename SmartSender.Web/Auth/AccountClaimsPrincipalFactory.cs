using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Auth;

/// <summary>Puts the user's account into the sign-in cookie, so every page knows whose data it may show.</summary>
public class AccountClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(AccountClaims.AccountId, user.AccountId.ToString()));
        return identity;
    }
}
