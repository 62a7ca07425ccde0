using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Auth;

public static class AuthenticationSetup
{
    public static IServiceCollection AddSmartSenderAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.AddOptions<ApiKeyGuardOptions>().BindConfiguration(ApiKeyGuardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailedKeyAttempts>();

        // Every page load checks the user's security stamp, so a removed user, a changed role or a closed account
        // ends the session at once; circuits already open are checked by SessionRevalidation.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SessionRevalidation>();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/login";
            options.LogoutPath = "/logout";
            options.Cookie.Name = "SmartSender.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.Events = new CookieAuthenticationEvents
            {
                // Identity's own check of the security stamp, kept when these events replace Identity's.
                OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync,
                OnRedirectToLogin = ctx => IsApi(ctx.Request) ? Status(ctx.Response, 401) : Redirect(ctx),
                // A signed-in user without the right role gets a plain 403, not a redirect loop to the login page.
                OnRedirectToAccessDenied = ctx => IsApi(ctx.Request) ? Status(ctx.Response, 403) : Forbidden(ctx.Request, ctx.Response),
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Admin))
            .AddPolicy(Policies.Owner, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(nameof(AccountRole.Owner)))
            .AddPolicy(Policies.Editor, policy => policy
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(nameof(AccountRole.Owner), nameof(AccountRole.Developer)))
            .AddPolicy(Policies.ApiKey, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(AccountClaims.AccountId)
                .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, nameof(Core.ApiKeys.ApiKeyScope.Full)))
            .AddPolicy(Policies.ApiKeySend, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(AccountClaims.AccountId));
        return services;
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A page the user's role does not open: 403, with words and a way back rather than a blank page.</summary>
    private static Task Forbidden(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status403Forbidden;
        response.ContentType = "text/html; charset=utf-8";
        var why = request.Path.StartsWithSegments("/admin") || request.Path.StartsWithSegments("/jobs")
            ? NotAllowed.AdminOnly
            : NotAllowed.RoleTooLow;
        return response.WriteAsync($"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not open to you · SmartSender</title>
            <link rel="stylesheet" href="/app.css"></head><body><div class="auth-card"><h1>Not open to you</h1>
            <p data-testid="not-allowed">{System.Net.WebUtility.HtmlEncode(why)}</p><p><a href="/">Back to the Overview</a></p></div></body></html>
            """);
    }

    private static Task Redirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx)
    {
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
