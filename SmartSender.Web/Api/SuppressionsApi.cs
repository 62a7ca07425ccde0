using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Suppressions;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record SuppressionView(string Address, string Reason, string? Detail, Guid? MessageId, DateTime CreatedAt)
{
    public static SuppressionView Of(Suppression s) => new(s.Address, s.Reason.ToString(), s.Detail, s.MessageId, s.CreatedAt);
}

public record SuppressionListView(IReadOnlyList<SuppressionView> Items, int Total, int Page, int PageSize);

public record AddSuppressionBody(string? Address, string? Note);

public static class SuppressionsApi
{
    public static IEndpointRouteBuilder MapSuppressionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/suppressions").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Suppressions");
        api.MapGet("/", ListAsync).WithSummary("The addresses the account does not send to")
            .WithDescription("Filters: search (part of the address), reason (HardBounce, Complaint, Unsubscribe, Manual); page from 0, pageSize 1–200.");
        api.MapPost("/", AddAsync).WithSummary("Stop sending to an address");
        api.MapDelete("/{address}", RemoveAsync).WithSummary("Send to an address again")
            .WithDescription("A complaint can only be removed by an administrator in the dashboard.");
        return app;
    }

    public static async Task<Results<Ok<SuppressionListView>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal caller, SuppressionList list, HttpContext http, CancellationToken ct, string? search = null, string? reason = null, int page = 0, int pageSize = 50)
    {
        SuppressionReason? filter = null;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            if (EnumName.Parse<SuppressionReason>(reason) is not { } parsed)
            {
                return Problems.Invalid(new Error("reason_unknown", $"'{reason}' is not a reason. Use one of: {string.Join(", ", Enum.GetNames<SuppressionReason>())}.", "reason"), http, "The query is not valid");
            }

            filter = parsed;
        }

        var found = await list.SearchAsync(caller.GetAccountId(), search, filter, page, pageSize, ct);
        return TypedResults.Ok(new SuppressionListView([.. found.Items.Select(SuppressionView.Of)], found.Total, Math.Max(page, 0), Math.Clamp(pageSize, 1, SuppressionList.MaxPageSize)));
    }

    public static async Task<Results<Created<SuppressionView>, ProblemHttpResult>> AddAsync(AddSuppressionBody body, ClaimsPrincipal caller, SuppressionList list, HttpContext http, CancellationToken ct)
    {
        var added = await list.AddManualAsync(caller.GetAccountId(), body.Address, body.Note, ct);
        return added.Succeeded
            ? TypedResults.Created($"/api/v1/suppressions/{Uri.EscapeDataString(added.Value!.Address)}", SuppressionView.Of(added.Value))
            : Problems.For(added.Errors, http, "The address was not added");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string address, ClaimsPrincipal caller, SuppressionList list, HttpContext http, CancellationToken ct)
    {
        var removed = await list.RemoveAsync(caller.GetAccountId(), address, $"API key {caller.Identity?.Name}", isAdmin: false, why: null, ct);
        return removed.Succeeded ? TypedResults.NoContent() : Problems.For(removed.Errors, http, "The address was not removed");
    }
}
