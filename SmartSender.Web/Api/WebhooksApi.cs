using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Webhooks;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary>The account's webhook endpoints, as the Webhooks page manages them, and their deliveries.</summary>
public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/webhooks").RequireAuthorization(Policies.ApiKey).DisableAntiforgery().WithTags("Webhooks");
        api.MapGet("/", ListAsync).WithSummary("The account's webhook endpoints");
        api.MapPost("/", CreateAsync).WithSummary("Add an endpoint")
            .WithDescription("url (https, a public address) and events (names such as message.delivered, message.hard_bounced, message.opened). The answer holds the endpoint's whsec_ secret, shown this once.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id:guid}", GetAsync).WithSummary("One endpoint").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Change an endpoint's url, events or enabled")
            .WithDescription("Only what is given changes. A disabled endpoint is sent nothing new until it is enabled again.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove an endpoint and its deliveries").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/rotate-secret", RotateAsync).WithSummary("Give the endpoint a new secret")
            .WithDescription("The new whsec_ secret is in this answer only. For 24 hours (until previous_secret_expires_at) every post carries signatures by both secrets, so a receiver can switch without losing one.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/test", TestAsync).WithSummary("Post a test event (webhook.test) to the endpoint now").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithSummary("The endpoint's recent deliveries, newest first")
            .WithDescription("State (Pending, Delivered, Failed), tries, the last HTTP status code and error. limit is 1–500 (50 by default).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/deliveries/{deliveryId:guid}/redeliver", RedeliverAsync).WithSummary("Send a delivery's event again, as a new delivery")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<List<WebhookView>>> ListAsync(ClaimsPrincipal caller, WebhookEndpoints endpoints, TimeProvider clock, CancellationToken ct) =>
        TypedResults.Ok((await endpoints.ListAsync(caller.GetAccountId(), ct)).Select(e => WebhookView.Of(e, Now(clock))).ToList());

    public static async Task<Results<Created<WebhookWithSecretView>, ProblemHttpResult>> CreateAsync(
        WebhookBody body, ClaimsPrincipal caller, WebhookEndpoints endpoints, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (types, unknown) = body.ParseEvents();
        if (unknown.Count > 0)
        {
            return Problems.For([.. unknown.Select(WebhookErrors.TypeInvalid)], http, "The endpoint was not added");
        }

        var added = await endpoints.AddAsync(caller.GetAccountId(), body.Url, types, ct, enabled: body.Enabled ?? true);
        if (!added.Succeeded)
        {
            return Problems.For(added.Errors, http, "The endpoint was not added");
        }

        var endpoint = added.Value!;
        var secret = (await endpoints.SecretAsync(caller.GetAccountId(), endpoint.Id, ct))!;
        return TypedResults.Created($"/api/v1/webhooks/{endpoint.Id}", new WebhookWithSecretView(WebhookView.Of(endpoint, Now(clock)), secret));
    }

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, WebhookEndpoints endpoints, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        await endpoints.FindAsync(caller.GetAccountId(), id, ct) is { } endpoint
            ? TypedResults.Ok(WebhookView.Of(endpoint, Now(clock)))
            : Problems.For([WebhookErrors.NotFound()], http, "Webhook endpoint not found");

    public static async Task<Results<Ok<WebhookView>, ProblemHttpResult>> UpdateAsync(
        Guid id, WebhookBody body, ClaimsPrincipal caller, WebhookEndpoints endpoints, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var (types, unknown) = body.ParseEvents();
        if (unknown.Count > 0)
        {
            return Problems.For([.. unknown.Select(WebhookErrors.TypeInvalid)], http, "The endpoint was not changed");
        }

        var result = await endpoints.UpdateAsync(caller.GetAccountId(), id, body.Url, body.Events is null ? null : types, body.Enabled, ct);
        return result.Succeeded ? TypedResults.Ok(WebhookView.Of(result.Value!, Now(clock))) : Problems.For(result.Errors, http, "The endpoint was not changed");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal caller, WebhookEndpoints endpoints, HttpContext http, CancellationToken ct) =>
        await endpoints.RemoveAsync(caller.GetAccountId(), id, ct)
            ? TypedResults.NoContent()
            : Problems.For([WebhookErrors.NotFound()], http, "Webhook endpoint not found");

    public static async Task<Results<Ok<WebhookWithSecretView>, ProblemHttpResult>> RotateAsync(
        Guid id, ClaimsPrincipal caller, WebhookEndpoints endpoints, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var result = await endpoints.RotateSecretAsync(caller.GetAccountId(), id, ct);
        return result.Succeeded
            ? TypedResults.Ok(new WebhookWithSecretView(WebhookView.Of(result.Value.Endpoint, Now(clock)), result.Value.Secret))
            : Problems.For(result.Errors, http, "The secret was not rotated");
    }

    public static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> TestAsync(
        Guid id, ClaimsPrincipal caller, WebhookEndpoints endpoints, HttpContext http, CancellationToken ct)
    {
        var result = await endpoints.SendTestAsync(caller.GetAccountId(), id, ct);
        return result.Succeeded
            ? TypedResults.Accepted((string?)null, WebhookDeliveryView.Of(result.Value!))
            : Problems.For(result.Errors, http, "No test event was sent");
    }

    public static async Task<Results<Ok<List<WebhookDeliveryView>>, ProblemHttpResult>> DeliveriesAsync(
        Guid id, ClaimsPrincipal caller, WebhookEndpoints endpoints, HttpContext http, CancellationToken ct, int limit = 50)
    {
        if (limit is < 1 or > 500)
        {
            return Problems.Invalid(new Error("limit_invalid", "The limit must be between 1 and 500.", "limit"), http, "The query is not valid");
        }

        if (await endpoints.FindAsync(caller.GetAccountId(), id, ct) is null)
        {
            return Problems.For([WebhookErrors.NotFound()], http, "Webhook endpoint not found");
        }

        return TypedResults.Ok((await endpoints.RecentDeliveriesAsync(caller.GetAccountId(), id, limit, ct)).Select(WebhookDeliveryView.Of).ToList());
    }

    public static async Task<Results<Accepted<WebhookDeliveryView>, ProblemHttpResult>> RedeliverAsync(
        Guid deliveryId, ClaimsPrincipal caller, WebhookEndpoints endpoints, HttpContext http, CancellationToken ct) =>
        await endpoints.ResendAsync(caller.GetAccountId(), deliveryId, ct) is { } again
            ? TypedResults.Accepted((string?)null, WebhookDeliveryView.Of(again))
            : Problems.For([WebhookErrors.DeliveryNotFound()], http, "Webhook delivery not found");

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}
