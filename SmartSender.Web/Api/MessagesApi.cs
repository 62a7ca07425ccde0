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

    public static async Task<Results<Accepted<MessageAccepted>, ProblemHttpResult>> SendAsync(
        SendMessageBody body, ClaimsPrincipal caller, MessageSubmission submission, HttpContext http, CancellationToken ct)
    {
        if (!TryParseStream(body.Stream, out var stream))
        {
            return Problems.Invalid(MessageErrors.StreamInvalid(body.Stream!), http, "The message was not accepted");
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
            Attachments = body.Attachments?.Select(a => new AttachmentInput(a.Filename, a.ContentType, a.Content) { ContentId = a.ContentId }).ToList(),
        };
        var result = await submission.SubmitAsync(caller.GetAccountId(), request, ct, http.Features.Get<IdempotencyClaim>());
        if (!result.Succeeded)
        {
            // A taken Idempotency-Key is 409, and IdempotencyFilter answers with the request that took it.
            return Problems.For(result.Errors, http, "The message was not accepted");
        }

        var message = result.Value!;
        return TypedResults.Accepted($"/api/v1/messages/{message.Id}", new MessageAccepted(message.Id, message.Status.ToString()));
    }

    public static bool KeyAllows(IReadOnlyList<string> domains, string? from) =>
        MimeKit.MailboxAddress.TryParse(from ?? "", out var address) && domains.Contains(address.Domain.TrimEnd('.').ToLowerInvariant());

    private static bool TryParseStream(string? value, out MessageStream stream)
    {
        var parsed = EnumName.Parse<MessageStream>(value);
        stream = parsed ?? MessageStream.Transactional;
        return string.IsNullOrWhiteSpace(value) || parsed is not null;
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
