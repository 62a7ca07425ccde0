using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Dmarc;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>A sending domain's DMARC aggregate reports, summed up: <c>GET /api/v1/domains/{id}/dmarc</c>.</summary>
public static class DmarcApi
{
    public static RouteGroupBuilder MapDmarcApi(this RouteGroupBuilder domains)
    {
        domains.MapGet("/{id:guid}/dmarc", GetAsync).WithSummary("What DMARC reports say about the domain")
            .WithDescription("The DMARC aggregate reports received for the domain over the last `days` (1–365, 30 by default): messages per day, per source IP with its reverse name and whether it is one of SmartSender's sending IPs, DKIM and SPF alignment, the reports, and warnings (`unknown_source`: another sender uses the domain; `own_mail_fails`: SmartSender's mail fails DMARC).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        return domains;
    }

    public static async Task<Results<Ok<DmarcSummary>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, DmarcOverview dmarc, HttpContext http, CancellationToken ct, int? days = null)
    {
        if (days is < 1 or > 365)
        {
            return Problems.Invalid(new Core.Common.Error("days_out_of_range", "days must be between 1 and 365.", "days"), http, "The DMARC summary was not made");
        }

        var summary = await dmarc.SummaryAsync(caller.GetAccountId(), id, days ?? 30, ct);
        return summary.Succeeded ? TypedResults.Ok(summary.Value!) : Problems.For(summary.Errors, http, "Domain not found");
    }
}
