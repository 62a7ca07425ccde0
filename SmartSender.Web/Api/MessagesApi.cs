using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public static class MessagesApi
{
    public static IEndpointRouteBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/messages").DisableAntiforgery().WithTags("Messages");
        api.MapPost("/", SendAsync).RequireAuthorization(Policies.ApiKeySend).AddEndpointFilter<IdempotencyFilter>().WithMessageSizeLimit(app.ServiceProvider)
            .WithSummary("Send one message").WithDescription("A subject and body, or a template with variables, to exactly one recipient. Send an Idempotency-Key header to make retries safe. 422 with reason unsigned, suppressed or content when the account's rules refuse it; 429 with a Retry-After header when it is over the account's quota (reason quota_exceeded, rate_exceeded or sending_paused).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.ApiKey).WithSummary("A message's status and timeline");
        api.MapDelete("/{id:guid}", CancelAsync).RequireAuthorization(Policies.ApiKey).WithSummary("Cancel a message that still waits")
            .WithDescription("A queued, held or scheduled message is cancelled (a Cancelled event and webhook) and never sent. 409 once delivery took it or it was settled.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPatch("/{id:guid}", RescheduleAsync).RequireAuthorization(Policies.ApiKey).WithSummary("Move a scheduled message")
            .WithDescription("Changes send_at of a message whose send time is still ahead (ISO 8601, up to 30 days ahead).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/", ListAsync).RequireAuthorization(Policies.ApiKey).WithSummary("Find messages, newest first")
            .WithDescription("Filters: status, recipient (part of the address), domain (the sending domain), stream, template (id), tag, metadata_key with metadata_value, from and to (ISO 8601, when the message was submitted). Page with next_cursor of the previous answer; limit is 1–100 (50 by default).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/{id:guid}/content", ContentAsync).RequireAuthorization(Policies.ApiKey).WithSummary("A message's stored HTML, text and MIME source; 410 once its content was removed")
            .WithDescription("The source is the message as SmartSender writes it, before tracking links and the DKIM signature are added at delivery.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    public static async Task<Results<Accepted<MessageAccepted>, ProblemHttpResult>> SendAsync(
        SendMessageBody body, ClaimsPrincipal caller, MessageSubmission submission, HttpContext http, CancellationToken ct)
    {
        var request = body.ToRequest(caller);
        if (!request.Succeeded)
        {
            return Problems.For(request.Errors, http, "The message was not accepted");
        }

        var result = await submission.SubmitAsync(caller.GetAccountId(), request.Value!, ct, http.Features.Get<IdempotencyClaim>());
        if (!result.Succeeded)
        {
            // A taken Idempotency-Key is 409, and IdempotencyFilter answers with the request that took it.
            return Problems.For(result.Errors, http, "The message was not accepted");
        }

        var message = result.Value!;
        return TypedResults.Accepted($"/api/v1/messages/{message.Id}", new MessageAccepted(message.Id, message.Status.ToString()));
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal caller, MessageCancellation cancellation, MessageLog log, HttpContext http, CancellationToken ct)
    {
        var result = await cancellation.CancelAsync(caller.GetAccountId(), id, $"API key '{caller.Identity?.Name}'", ct);
        return result.Succeeded
            ? TypedResults.Ok(MessageView.Of((await log.FindAsync(caller.GetAccountId(), id, ct))!))
            : Problems.For(result.Errors, http, "The message was not cancelled");
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> RescheduleAsync(
        Guid id, RescheduleBody body, ClaimsPrincipal caller, MessageSchedule schedule, MessageLog log, HttpContext http, CancellationToken ct)
    {
        if (body.SendAt is not { } sendAt)
        {
            return Problems.For([new Error("send_at_required", "Give send_at, the new send time (ISO 8601).", "send_at")], http, "The message was not moved");
        }

        var result = await schedule.RescheduleAsync(caller.GetAccountId(), id, sendAt, ct);
        return result.Succeeded
            ? TypedResults.Ok(MessageView.Of((await log.FindAsync(caller.GetAccountId(), id, ct))!))
            : Problems.For(result.Errors, http, "The message was not moved");
    }

    public static async Task<Results<Ok<MessageListView>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal caller, MessageLog log, HttpContext http, CancellationToken ct,
        string? status = null, string? recipient = null, string? domain = null, string? stream = null, Guid? template = null, string? tag = null,
        [FromQuery(Name = "metadata_key")] string? metadataKey = null, [FromQuery(Name = "metadata_value")] string? metadataValue = null,
        DateTime? from = null, DateTime? to = null, string? cursor = null, int limit = 50)
    {
        var errors = new List<Error>();
        var parsedStatus = EnumName.Parse<MessageStatus>(status);
        if (status is not null && parsedStatus is null)
        {
            errors.Add(new Error("status_invalid", $"'{status}' is not a status. Use one of: {string.Join(", ", Enum.GetNames<MessageStatus>())}.", "status"));
        }

        var parsedStream = EnumName.Parse<MessageStream>(stream);
        if (stream is not null && parsedStream is null)
        {
            errors.Add(MessageErrors.StreamInvalid(stream));
        }

        MessageCursor? after = null;
        if (cursor is not null)
        {
            if (MessageCursor.TryParse(cursor, out var parsed))
            {
                after = parsed;
            }
            else
            {
                errors.Add(new Error("cursor_invalid", "The cursor is not one this API gave out; use next_cursor of the previous page.", "cursor"));
            }
        }

        if (limit is < 1 or > MessageLog.MaxPageSize)
        {
            errors.Add(new Error("limit_invalid", $"The limit must be between 1 and {MessageLog.MaxPageSize}.", "limit"));
        }

        if (metadataValue is not null && string.IsNullOrEmpty(metadataKey))
        {
            errors.Add(new Error("metadata_key_required", "metadata_value needs metadata_key: the key whose value must match.", "metadata_key"));
        }

        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add(new Error("range_invalid", "'to' must be later than 'from'.", "to"));
        }

        if (errors.Count > 0)
        {
            return Problems.For(errors, http, "The message query is not valid");
        }

        var filter = new MessageFilter
        {
            Status = parsedStatus,
            Recipient = recipient,
            Domain = string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().TrimEnd('.').ToLowerInvariant(),
            Stream = parsedStream,
            TemplateId = template,
            Tag = tag,
            MetadataKey = metadataKey,
            MetadataValue = metadataKey is null ? null : metadataValue ?? "",
            From = from?.ToUniversalTime(),
            To = to?.ToUniversalTime(),
        };
        var (items, next) = await log.PageAsync(caller.GetAccountId(), filter, after, limit, ct);
        return TypedResults.Ok(new MessageListView([.. items.Select(MessageListItem.Of)], next?.Token));
    }

    public static async Task<Results<Ok<MessageContentView>, ProblemHttpResult>> ContentAsync(
        Guid id, ClaimsPrincipal caller, MessageLog log, HttpContext http, CancellationToken ct)
    {
        if (await log.FindWithContentAsync(caller.GetAccountId(), id, ct) is not { } message)
        {
            return Problems.For([MessageErrors.NotFound()], http, "Message not found");
        }

        if (message.ContentRemovedAt is { } removed)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status410Gone, title: "The message's content was removed",
                detail: $"Its bodies and attachments were deleted on {removed:u} (the account's content retention, or the recipient's erasure); its metadata and events are kept.",
                extensions: new Dictionary<string, object?> { ["codes"] = new[] { "content_removed" }, ["content_removed_at"] = removed });
        }

        using var wire = Core.Delivery.Wire.WireMessageFactory.Create(message, message.CreatedAt);
        return TypedResults.Ok(new MessageContentView(message.Id, message.Subject, message.HtmlBody, message.TextBody, System.Text.Encoding.UTF8.GetString(wire.ToArray())));
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, MessageLog log, HttpContext http, CancellationToken ct)
    {
        var message = await log.FindAsync(caller.GetAccountId(), id, ct);
        return message is null
            ? Problems.For([MessageErrors.NotFound()], http, "Message not found")
            : TypedResults.Ok(MessageView.Of(message));
    }
}
