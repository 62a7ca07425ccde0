using Microsoft.AspNetCore.Mvc;
using SmartSender.Core.Accounts;

namespace SmartSender.Web.Auth;

/// <summary>On a fresh database every request leads to the setup page until the first administrator exists.</summary>
public static class SetupGate
{
    public const string SetupPath = "/setup";

    private static readonly string[] OpenPrefixes = ["/setup", "/_framework", "/_content", "/_blazor", "/lib", "/js", "/error", "/o", "/c", "/u", "/health", "/metrics", "/tls"];

    public static IApplicationBuilder UseSetupGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var state = context.RequestServices.GetRequiredService<SetupState>();
            if (state.IsKnownComplete || IsOpen(context.Request.Path) || await IsCompleteAsync(context, state))
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 503,
                        Title = "SmartSender is not set up yet",
                        Detail = "Open the dashboard in a browser and create the first administrator, or run the create-admin command.",
                    },
                });
                return;
            }

            context.Response.Redirect(SetupPath);
        });

    private static bool IsOpen(PathString path) =>
        OpenPrefixes.Any(p => path.StartsWithSegments(p)) || Path.HasExtension(path.Value);

    private static async Task<bool> IsCompleteAsync(HttpContext context, SetupState state)
    {
        if (!await context.RequestServices.GetRequiredService<Administrators>().IsSetupCompleteAsync(context.RequestAborted))
        {
            return false;
        }

        state.MarkComplete();
        return true;
    }
}
