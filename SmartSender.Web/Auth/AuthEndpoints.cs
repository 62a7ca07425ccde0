using Microsoft.AspNetCore.Identity;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Auth;

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token, so that no other site can sign a user out.
        app.MapPost("/logout", async (SignInManager<AppUser> signIn, HttpContext http, Core.Audit.AuditLog audit) =>
        {
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await audit.RecordAsync(http.User.GetAccountId(), new Core.Audit.AuditActor(http.User.Identity.Name ?? "unknown user", ClientAddress.Of(http)), Core.Audit.AuditActions.SignedOut);
            }

            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/login");
        }).ExcludeFromDescription();
        return app;
    }
}
