using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SmartSender.Web.Api;

/// <summary>The API's safety net: unreadable requests become 400 and bugs 500, both as problem details.</summary>
public class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        // By now the middleware has already pointed the request at the error page; the feature keeps the original path.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path ?? context.Request.Path;
        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var problem = exception is BadHttpRequestException bad
            ? new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read", Detail = Describe(bad) }
            : new ProblemDetails { Status = 500, Title = "Something went wrong on our side", Detail = "The error was logged. Nothing was stored." };
        if (problem.Status == 500)
        {
            logger.LogError(exception, "Unhandled error in {Path}", path);
        }

        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json
            ? $"The body is not valid JSON for this endpoint: {json.Message}"
            : bad.Message;
}
