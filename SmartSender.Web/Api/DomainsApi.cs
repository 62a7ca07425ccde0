using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Domains;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public static class DomainsApi
{
    public static IEndpointRouteBuilder MapDomainsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/domains").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Domains");
        api.MapPost("/", AddAsync).WithSummary("Add a sending domain").WithDescription("Returns the DNS records to publish.");
        api.MapGet("/", ListAsync).WithSummary("The account's sending domains");
        api.MapGet("/{id:guid}", GetAsync).WithSummary("A domain with its records and their status");
        api.MapPost("/{id:guid}/verify", VerifyAsync).WithSummary("Check the domain's records in DNS now");
        api.MapPatch("/{id:guid}", ChangeAsync).WithSummary("Change how often the domain's DKIM key is rotated")
            .WithDescription("key_rotation_days: 7–3650, or 0 to rotate by hand only. When the period is over, a new key is published as pending and signs once its record is verified.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDmarcApi();
        return app;
    }

    public static async Task<Results<Created<DomainView>, ProblemHttpResult>> AddAsync(
        AddDomainBody body, ClaimsPrincipal caller, SendingDomains domains, Core.Tracking.MessageLinks links, Core.Audit.AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var result = await domains.AddAsync(caller.GetAccountId(), body.Name, body.Selector, ct);
        if (!result.Succeeded)
        {
            return Problems.For(result.Errors, http, "The domain was not added");
        }

        var domain = result.Value!;
        await audit.RecordAsync(caller.GetAccountId(), Core.Audit.AuditActor.ApiKey(caller.Identity?.Name ?? "", Auth.ClientAddress.Of(http)), Core.Audit.AuditActions.DomainAdded, domain.Name, null, ct);
        return TypedResults.Created($"/api/v1/domains/{domain.Id}", DomainView.Of(domain, domains.RecordsOf(domain), links));
    }

    public static async Task<Ok<DomainView[]>> ListAsync(ClaimsPrincipal caller, SendingDomains domains, Core.Tracking.MessageLinks links, CancellationToken ct) =>
        TypedResults.Ok((await domains.ListAsync(caller.GetAccountId(), ct)).Select(d => DomainView.Of(d, domains.RecordsOf(d), links)).ToArray());

    public static async Task<Results<Ok<DomainView>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal caller, SendingDomains domains, Core.Tracking.MessageLinks links, HttpContext http, CancellationToken ct) =>
        await domains.GetAsync(caller.GetAccountId(), id, ct) is { } domain
            ? TypedResults.Ok(DomainView.Of(domain, domains.RecordsOf(domain), links))
            : Problems.For([DomainErrors.NotFound()], http, "Domain not found");

    public static async Task<Results<Ok<DomainView>, ProblemHttpResult>> VerifyAsync(Guid id, ClaimsPrincipal caller, SendingDomains domains, Core.Tracking.MessageLinks links, HttpContext http, CancellationToken ct)
    {
        var result = await domains.VerifyAsync(caller.GetAccountId(), id, ct);
        return result.Succeeded ? TypedResults.Ok(DomainView.Of(result.Value!, domains.RecordsOf(result.Value!), links)) : Problems.For(result.Errors, http, "Domain not found");
    }

    public static async Task<Results<Ok<DomainView>, ProblemHttpResult>> ChangeAsync(
        Guid id, ChangeDomainBody body, ClaimsPrincipal caller, SendingDomains domains, Core.Tracking.MessageLinks links, HttpContext http, CancellationToken ct)
    {
        if (body.KeyRotationDays is null)
        {
            return Problems.Invalid(new Core.Common.Error("key_rotation_days_required", "Give key_rotation_days: 7–3650, or 0 to rotate by hand only.", "key_rotation_days"), http, "The domain was not changed");
        }

        var result = await domains.ScheduleKeyRotationAsync(caller.GetAccountId(), id, body.KeyRotationDays == 0 ? null : body.KeyRotationDays, ct);
        return result.Succeeded ? TypedResults.Ok(DomainView.Of(result.Value!, domains.RecordsOf(result.Value!), links)) : Problems.For(result.Errors, http, "The domain was not changed");
    }
}
