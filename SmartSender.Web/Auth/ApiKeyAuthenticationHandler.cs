using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;

namespace SmartSender.Web.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer ss_…</c> against the stored key hashes. A missing, unknown or revoked key
/// is 401; a key used from outside its networks, or for more than its scope, is 403; a wrong key from an address with
/// too many failed attempts is 429. A valid key is never refused for failures: the address may be a proxy's or a
/// NAT's, shared with whoever failed. The address is the connection's, or the client's that a configured proxy
/// forwarded (<see cref="Hosting.ForwardedHeadersSetup"/>). Each answer is problem details that say what to do.
/// </summary>
public class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    FailedKeyAttempts failures,
    IProblemDetailsService problems)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "smartsender:api-key";
    public const string ScopeClaim = "smartsender:api-key-scope";
    public const string DomainsClaim = "smartsender:api-key-domains";
    public const string TestClaim = "smartsender:api-key-test";

    private string? _forbidden;
    private TimeSpan? _blocked;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var address = Context.Connection.RemoteIpAddress;
        var key = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
        {
            if (failures.Blocked(address) is { } wait)
            {
                _blocked = wait;
                return AuthenticateResult.Fail("Too many failed attempts from this address.");
            }

            failures.Failed(address);
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var limits = key.Limits;
        if (!limits.AllowsAddress(address))
        {
            _forbidden = $"The key '{key.Name}' may only be used from {string.Join(", ", limits.Networks)}; this request came from {address?.ToString() ?? "an unknown address"}.";
            return AuthenticateResult.Fail(_forbidden);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(AccountClaims.AccountId, key.AccountId.ToString()), new Claim(KeyIdClaim, key.Id.ToString()), new Claim(ClaimTypes.Name, key.Name),
                new Claim(ScopeClaim, key.Scope.ToString()), new Claim(DomainsClaim, string.Join(',', limits.Domains)),
                new Claim(TestClaim, key.Test ? "true" : "false"),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_blocked is { } wait)
        {
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return WriteProblem("Too many failed attempts", $"Too many requests with a wrong API key came from this address; try again in {Math.Ceiling(wait.TotalSeconds):0} s.");
        }

        if (_forbidden is not null)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return WriteProblem("Not allowed from here", _forbidden);
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblem("Missing or invalid API key", "Send the key as 'Authorization: Bearer <key>'. Create keys on the Account page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Context.User.FindFirst(ScopeClaim)?.Value == nameof(ApiKeyScope.Send)
            ? WriteProblem("Outside the key's scope", "This key may only send messages (POST /api/v1/messages). Use a key of full scope for the rest of the API.")
            : WriteProblem("Not allowed", "This API key may not do this.");
    }

    private Task WriteProblem(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}

public static class ApiKeyClaims
{
    /// <summary>The sending domains the caller's key is limited to; empty when it may send from all of the account's.</summary>
    public static IReadOnlyList<string> KeyDomains(this ClaimsPrincipal caller) =>
        caller.FindFirst(ApiKeyAuthenticationHandler.DomainsClaim)?.Value.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

    /// <summary>Whether the caller's key is a test-mode key: what it sends never leaves.</summary>
    public static bool KeyIsTest(this ClaimsPrincipal caller) => caller.FindFirst(ApiKeyAuthenticationHandler.TestClaim)?.Value == "true";

    /// <summary>The caller's key's id.</summary>
    public static Guid? KeyId(this ClaimsPrincipal caller) => Guid.TryParse(caller.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var id) ? id : null;
}
