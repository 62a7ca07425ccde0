using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Common;
using SmartSender.Core.Domains;

namespace SmartSender.Web.Api;

/// <summary>Maps expected failures to RFC 9457 problem details.</summary>
public static class Problems
{
    public static ValidationProblem Validation(IReadOnlyList<Error> errors, string title) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            detail: string.Join(" ", errors.Select(e => e.Message)),
            title: title,
            extensions: new Dictionary<string, object?> { ["codes"] = errors.Select(e => e.Code).ToArray() });

    /// <summary>422 with <c>reason: "unsigned"</c>, the domain, and the records that keep it from sending.</summary>
    public static ProblemHttpResult Unsigned(UnsignedError error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The sending domain is not verified",
            detail: error.Message,
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = UnsignedError.Reason,
                ["domain"] = error.Domain,
                ["failingRecords"] = error.FailingRecords,
            });

    /// <summary>422 with <c>reason: "suppressed"</c>: the account no longer sends to this address.</summary>
    public static ProblemHttpResult Suppressed(Core.Suppressions.SuppressedError error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The recipient is on the suppression list",
            detail: error.Message,
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = Core.Suppressions.SuppressedError.Reason,
                ["address"] = error.Address,
                ["suppressedBecause"] = error.Why.ToString(),
            });

    /// <summary>422 with <c>reason: "content"</c>, the score, and every rule that fired with what it saw.</summary>
    public static ProblemHttpResult Content(Core.ContentReview.ContentRejectedError error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The content review refused the message",
            detail: error.Message,
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = Core.ContentReview.ContentRejectedError.Reason,
                ["score"] = Math.Round(error.Verdict.Score, 2),
                ["rules"] = error.Verdict.Hits.Select(h => new { rule = h.Rule, score = h.Score, detail = h.Detail }).ToArray(),
            });

    /// <summary>429 with the reason (<c>quota_exceeded</c>, <c>rate_exceeded</c>, <c>sending_paused</c>); the caller sets Retry-After.</summary>
    public static ProblemHttpResult Quota(Core.Quota.QuotaExceededError error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: error.Reason == Core.Quota.QuotaExceededError.Paused ? "Sending is paused" : "Over the account's quota",
            detail: error.Message,
            extensions: new Dictionary<string, object?>
            {
                ["reason"] = error.Reason,
                ["retryAfterSeconds"] = RetryAfterSeconds(error),
            });

    /// <summary>403 with the reason <c>account_closed</c>: support closed the account, and nothing more is sent for it.</summary>
    public static ProblemHttpResult AccountClosed(Error error) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "The account is closed",
            detail: error.Message + " Nothing more is sent for it.",
            extensions: new Dictionary<string, object?> { ["reason"] = error.Code });

    public static int RetryAfterSeconds(Core.Quota.QuotaExceededError error) => (int)Math.Ceiling(error.RetryAfter.TotalSeconds);

    public static ProblemHttpResult Unprocessable(IReadOnlyList<Error> errors, string title) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: title,
            detail: string.Join(" ", errors.Select(e => e.Message)),
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                ["codes"] = errors.Select(e => e.Code).ToArray(),
            });
}
