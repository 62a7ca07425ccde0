using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SmartSender.Web.Api;

/// <summary>
/// The API's safety net: unreadable requests become 400 (or 413, 415) and bugs 500, both as problem details; a JSON
/// error names its field under <c>errors</c>. Elsewhere an unreadable request gets its status and a short text.
/// </summary>
public partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // By now the middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            if (exception is not BadHttpRequestException unreadable)
            {
                return false;
            }

            context.Response.StatusCode = unreadable.StatusCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("The request could not be read.", ct);
            return true;
        }

        var problem = exception is BadHttpRequestException bad ? Unreadable(bad)
            : new ProblemDetails { Status = 500, Title = "Something went wrong on our side", Detail = "The error was logged. Nothing was stored." };
        if (problem.Status == 500)
        {
            logger.LogError(exception, "Unhandled error in {Path}", path);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Unreadable(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ProblemDetails { Status = 413, Title = "The request is too large", Detail = "The body is larger than a message may be (Delivery:MaxMessageBytes, with attachments in base64). Nothing was stored." };
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails { Status = 415, Title = "The request is not JSON", Detail = "Send the body as JSON with the header Content-Type: application/json." };
        }

        if (FindJsonError(bad) is not { } json)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read", Detail = bad.Message };
        }

        var field = FieldOf(json);
        var words = Words(json);
        var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [field] = [words] })
        {
            Status = 400,
            Title = "The request could not be read",
            Detail = $"The body is not valid JSON for this endpoint at '{field}': {words}",
        };
        return problem;
    }

    private static JsonException? FindJsonError(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>The JSON path as the API's field names: <c>$.attachments[0].content</c> becomes <c>attachments[0].content</c>.</summary>
    private static string FieldOf(JsonException json) =>
        json.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "body";

    private static string Words(JsonException json)
    {
        var message = PathSuffix().Replace(json.Message, "").Trim();
        return message switch
        {
            _ when message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) =>
                "this field is not part of the API (every message has exactly one recipient, in 'to'; there is no cc or bcc).",
            _ when message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "a key is given twice.",
            _ => message,
        };
    }

    [GeneratedRegex(@"\s*(Path:|LineNumber:|BytePositionInLine:).*$", RegexOptions.Singleline)]
    private static partial Regex PathSuffix();
}
