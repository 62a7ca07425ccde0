using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Common;

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
}
