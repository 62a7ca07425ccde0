using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, so that no other site can sign a user out. Signing out changes the
        // user's security stamp, so the cookie stops working even if it was kept (every session of the user ends).
        app.MapPost("/logout", async (SignInManager<AppUser> signIn, IAntiforgery antiforgery, HttpContext http, Core.Audit.AuditLog audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                // Empty, so the status page explains it.
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            if (http.User.Identity?.IsAuthenticated == true)
            {
                if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
                {
                    await signIn.UserManager.UpdateSecurityStampAsync(user);
                }

                await audit.RecordAsync(http.User.GetAccountId(), new Core.Audit.AuditActor(http.User.Identity.Name ?? "unknown user", ClientAddress.Of(http)), Core.Audit.AuditActions.SignedOut);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/login");
        }).ExcludeFromDescription();
        return app;
    }
}
