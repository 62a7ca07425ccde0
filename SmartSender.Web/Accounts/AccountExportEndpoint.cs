using SmartSender.Core.Closure;

namespace SmartSender.Web.Accounts;

/// <summary>
/// <c>GET /account-export/{token}</c>: the ZIP a closed account's Owner gets by mail. The secret in the link is the
/// only key (the Owner can no longer sign in); it works until <c>Accounts:ExportLifetime</c> after the approval.
/// </summary>
public static class AccountExportEndpoint
{
    public static IEndpointRouteBuilder MapAccountExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(ClosureDecisions.ExportPath + "{token}", async (string token, ClosureDecisions decisions, CancellationToken ct) =>
        {
            var export = await decisions.FindExportAsync(token, ct);
            if (export is not { } found)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No export here",
                    detail: "This export link is not valid or has expired. Write to support for a new one while the account's data is kept.");
            }

            var name = new string([.. found.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]).Trim('-');
            return Results.Stream(found.File, "application/zip", $"smartsender-{name}-export.zip");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
