using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>The delivery lanes' state, for the operator: lanes are shared by every account on a sending IP.</summary>
public static class LanesApi
{
    public static IEndpointRouteBuilder MapLanesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/lanes").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Delivery")
            .MapGet("/", ListAsync).WithSummary("Every delivery lane (sending IP × provider)")
            .WithDescription("Rate now and limit per hour, messages sent this hour and today, queued messages, and the last deferral with the rule it matched. Operator keys only.");
        return app;
    }

    public static async Task<Results<Ok<LaneView[]>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal caller, AccountDirectory accounts, LaneRegistry lanes, HttpContext http, CancellationToken ct)
    {
        var account = await accounts.GetAsync(caller.GetAccountId(), ct);
        if (account?.IsOperator != true)
        {
            return Problems.For([new Core.Common.ForbiddenError("operator_only", "Lanes are shared by every account on a sending IP; only an API key of the operator's account may read them.")], http, "Operator keys only");
        }

        return TypedResults.Ok((await lanes.ListAsync(ct)).ToArray());
    }
}
