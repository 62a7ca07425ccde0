using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

/// <summary><c>POST /api/v1/messages/batch</c>: many messages, each to one recipient, in one request (<see cref="BatchSubmission"/>).</summary>
public static class BatchSendApi
{
    /// <summary>The most a batch's JSON may hold, as Postmark allows; each message still meets <c>Delivery:MaxMessageBytes</c>.</summary>
    public const long MaxBodyBytes = 50L * 1024 * 1024;

    public static IEndpointRouteBuilder MapBatchSendApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/messages/batch", SendAsync).DisableAntiforgery().WithTags("Messages")
            .RequireAuthorization(Policies.ApiKeySend).AddEndpointFilter<IdempotencyFilter>().WithBodySizeLimit(MaxBodyBytes)
            .WithSummary("Send up to 500 messages in one request")
            .WithDescription("Each message is what a single send takes, to exactly one recipient, with its own variables, tags and metadata; from, template, stream and send_at given at the top hold for every message that gives none. "
                + "The answer (200) lists each item's result in order: its id, or the problem details a single send would have answered with (unsigned, suppressed, content, a bad address, over the quota). "
                + "A refused item never refuses the others and nothing is stored for it; the accepted ones are stored together. An Idempotency-Key covers the whole batch. "
                + "429 with Retry-After when the quota has no room for any of them.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static async Task<Results<Ok<BatchAccepted>, ProblemHttpResult>> SendAsync(
        BatchSendBody body, ClaimsPrincipal caller, BatchSubmission submission, HttpContext http, CancellationToken ct)
    {
        if (body.Messages is not { Count: > 0 and <= BatchSubmission.MaxMessages } items)
        {
            return Problems.Invalid(new Error("messages_count", $"Give between 1 and {BatchSubmission.MaxMessages} messages; this batch has {body.Messages?.Count ?? 0}.", "messages"), http, "The batch was not accepted");
        }

        if (!string.IsNullOrWhiteSpace(body.Stream) && EnumName.Parse<MessageStream>(body.Stream) is null)
        {
            return Problems.Invalid(MessageErrors.StreamInvalid(body.Stream) with { Field = "stream" }, http, "The batch was not accepted");
        }

        var requests = Enumerable.Range(0, items.Count).Select(i => body.Item(i).ToRequest(caller)).ToList();
        var result = await submission.SubmitAsync(
            caller.GetAccountId(), requests, ct, http.Features.Get<IdempotencyClaim>(),
            results => new IdempotentAnswer(StatusCodes.Status200OK, JsonSerializer.Serialize(Answer(body, results), JsonSerializerOptions.Web), null));
        return result.Succeeded
            ? TypedResults.Ok(Answer(body, result.Value!))
            : Problems.For(result.Errors, http, "The batch was not accepted");
    }

    private static BatchAccepted Answer(BatchSendBody body, IReadOnlyList<Result<Message>> results)
    {
        var items = results.Select((r, i) => r.Succeeded
            ? new BatchItemResult(i, r.Value!.To, r.Value.Id, r.Value.Status.ToString(), null)
            : new BatchItemResult(i, body.Messages![i].Recipients() is [var to] ? to : null, null, null, Problems.Details(r.Errors, "The message was not accepted"))).ToList();
        var accepted = items.Count(i => i.Id is not null);
        return new BatchAccepted(accepted, items.Count - accepted, items);
    }
}
