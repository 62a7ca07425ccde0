using System.Security.Claims;

namespace SmartSender.Core.Accounts;

/// <summary>The claim that carries a signed-in user's or API key's account.</summary>
public static class AccountClaims
{
    public const string AccountId = "smartsender:account";

    public static Guid? FindAccountId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(AccountId), out var id) ? id : null;

    public static Guid GetAccountId(this ClaimsPrincipal principal) =>
        principal.FindAccountId() ?? throw new InvalidOperationException("The principal carries no account.");
}
