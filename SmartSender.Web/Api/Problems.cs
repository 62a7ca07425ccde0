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
