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
        return app;
    }

    public static async Task<Results<Accepted<MessageAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        SendMessageBody body, ClaimsPrincipal caller, MessageSubmission submission, HttpContext http, CancellationToken ct)
    {
        if (!TryParseStream(body.Stream, out var stream))
        {
            return Problems.Validation([MessageErrors.StreamInvalid(body.Stream!)], "The message was not accepted");
        }

        // A key limited to some sending domains may send from those only: outside them it is 403, whatever else is wrong.
        if (caller.KeyDomains() is { Count: > 0 } domains && !KeyAllows(domains, body.From))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside the key's sending domains",
                detail: $"This key may only send from {string.Join(", ", domains)}.");
        }

        var request = new SendRequest(body.From, body.Recipients(), body.Subject, body.Text, body.Html)
        {
            Template = body.Template,
            Variables = body.Variables,
            ReplyTo = body.ReplyTo,
            Stream = stream,
            Headers = body.Headers,
            Tags = body.Tags,
            Metadata = body.MetadataAsText(),
            SendAt = body.SendAt,
            Attachments = body.Attachments?.Select(a => new AttachmentInput(a.Filename, a.ContentType, a.Content)).ToList(),
        };
        var result = await submission.SubmitAsync(caller.GetAccountId(), request, ct, http.Features.Get<IdempotencyClaim>());
        if (result.Errors is [{ Code: "idempotency_key_taken" } taken])
        {
            // IdempotencyFilter answers with the request that took the key.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key taken", detail: taken.Message);
        }

        if (result.Errors is [{ Code: "account_closed" } closed])
        {
            return Problems.AccountClosed(closed);
        }

        if (result.Errors is [UnsignedError unsigned])
        {
            return Problems.Unsigned(unsigned);
        }

        if (result.Errors is [Core.Suppressions.SuppressedError suppressed])
        {
            return Problems.Suppressed(suppressed);
        }

        if (result.Errors is [Core.ContentReview.ContentRejectedError content])
        {
            return Problems.Content(content);
        }

        if (result.Errors is [Core.Quota.QuotaExceededError quota])
        {
            http.Response.Headers.RetryAfter = Problems.RetryAfterSeconds(quota).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Quota(quota);
        }

        if (!result.Succeeded)
        {
            // 400 when the request itself is wrong (with every problem, template ones too);
            // 422 when it is well formed but the template cannot make a message of it.
            return result.Errors.All(IsTemplateProblem)
                ? Problems.Unprocessable(result.Errors, "The template could not be used")
                : Problems.Validation(result.Errors, "The message was not accepted");
        }

        var message = result.Value!;
        return TypedResults.Accepted($"/api/v1/messages/{message.Id}", new MessageAccepted(message.Id, message.Status.ToString()));
    }

    private static bool KeyAllows(IReadOnlyList<string> domains, string? from) =>
        MimeKit.MailboxAddress.TryParse(from ?? "", out var address) && domains.Contains(address.Domain.TrimEnd('.').ToLowerInvariant());

    private static bool IsTemplateProblem(Error error) => error.Code.StartsWith("template_", StringComparison.Ordinal) && error.Code != "template_or_body";

    private static bool TryParseStream(string? value, out MessageStream stream)
    {
        var parsed = EnumName.Parse<MessageStream>(value);
        stream = parsed ?? MessageStream.Transactional;
        return string.IsNullOrWhiteSpace(value) || parsed is not null;
    }

    public static async Task<Results<Ok<MessageView>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal caller, MessageLog log, CancellationToken ct)
    {
        var message = await log.FindAsync(caller.GetAccountId(), id, ct);
        return message is null
            ? TypedResults.Problem(statusCode: 404, title: "Message not found", detail: MessageErrors.NotFound().Message)
            : TypedResults.Ok(MessageView.Of(message));
    }
}
