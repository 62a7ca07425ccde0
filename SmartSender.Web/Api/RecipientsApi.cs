using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Audit;
using SmartSender.Core.Retention;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record EraseRecipientBody(string? Address);

public record ErasureView(
    [property: JsonPropertyName("erased_as")] string ErasedAs, int Messages, int Suppressions);

/// <summary>A recipient's right to erasure: <c>POST /api/v1/recipients/erasures</c>.</summary>
public static class RecipientsApi
{
    public static IEndpointRouteBuilder MapRecipientsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/recipients/erasures", EraseAsync).RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Recipients")
            .WithSummary("Erase one recipient's data")
            .WithDescription("Deletes the content of every message to the address, cancels any still waiting, and replaces the address by a hash " +
                "(erased_as) on those messages, their events' details, webhook posts and campaign recipients, and the suppression list, where the hash keeps blocking mail to the address; the account's contact with the address is deleted. Cannot be undone.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    public static async Task<Results<Ok<ErasureView>, ProblemHttpResult>> EraseAsync(
        EraseRecipientBody body, ClaimsPrincipal caller, RecipientErasure erasure, AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var erased = await erasure.EraseAsync(caller.GetAccountId(), body.Address ?? "", ct);
        if (!erased.Succeeded)
        {
            return Problems.For(erased.Errors, http, "The recipient was not erased");
        }

        var report = erased.Value!;
        await audit.RecordAsync(caller.GetAccountId(), AuditActor.ApiKey(caller.Identity?.Name ?? "", ClientAddress.Of(http)), AuditActions.RecipientErased,
            report.ErasedAs, $"{report.Messages} messages, {report.Suppressions} suppressions", ct);
        return TypedResults.Ok(new ErasureView(report.ErasedAs, report.Messages, report.Suppressions));
    }
}
