using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Common;

namespace SmartSender.Web.Api;

/// <summary>
/// The one place expected failures become RFC 9457 problem details. One error of a family answers with the family's
/// status (404, 409, 422, 403, 429 with Retry-After), its title, <c>reason</c> (its code) and its details; bad input
/// answers 400, and failures that are all unprocessable answer 422. Every answer names each field at fault under
/// <c>errors</c> and lists the codes under <c>codes</c>.
/// </summary>
public static class Problems
{
    /// <param name="title">What did not happen ("The message was not accepted", "Message not found"), unless the error has a title of its own.</param>
    public static ProblemHttpResult For(IReadOnlyList<Error> errors, HttpContext http, string title)
    {
        var problem = Details(errors, title);
        if (problem.Extensions.TryGetValue("retryAfterSeconds", out var seconds))
        {
            http.Response.Headers.RetryAfter = Convert.ToString(seconds, CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>Bad input found by the endpoint itself, before any service saw it.</summary>
    public static ProblemHttpResult Invalid(Error error, HttpContext http, string title) => For([error], http, title);

    /// <summary>The problem details <see cref="For"/> answers with, for an answer that holds several (a batch's items).</summary>
    public static HttpValidationProblemDetails Details(IReadOnlyList<Error> errors, string title)
    {
        if (errors is [{ Kind: not ErrorKind.Invalid } error])
        {
            var extensions = new Dictionary<string, object?>(error.Details) { ["reason"] = error.Code };
            if (error is TooManyRequestsError limited)
            {
                extensions["retryAfterSeconds"] = (int)Math.Ceiling(limited.RetryAfter.TotalSeconds);
            }

            return Problem(StatusOf(error.Kind), error.Title ?? title, errors, extensions);
        }

        var status = errors.Count > 0 && errors.All(e => e.Kind == ErrorKind.Unprocessable) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        return Problem(status, title, errors, []);
    }

    private static HttpValidationProblemDetails Problem(int status, string title, IReadOnlyList<Error> errors, Dictionary<string, object?> extensions)
    {
        var problem = new HttpValidationProblemDetails(errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
        {
            Status = status,
            Title = title,
            Detail = string.Join(" ", errors.Select(e => e.Message)),
        };
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        problem.Extensions["codes"] = errors.Select(e => e.Code).ToArray();
        return problem;
    }

    private static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    };
}
