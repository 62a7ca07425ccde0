using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using SmartSender.Core.Delivery;

namespace SmartSender.Web.Api;

/// <summary>
/// How the API reads request bodies, the same in every environment: a body that cannot be read (not JSON, a wrong
/// type, a duplicated key, an unknown field, nesting deeper than 64, bad UTF-8, a wrong content type, too large)
/// throws, so <see cref="ApiExceptionHandler"/> answers it with problem details naming the field, where the
/// framework's default in Production is an empty 400 or 415.
/// </summary>
public static class ApiInput
{
    /// <summary>Room for the JSON around a message's content, and for base64's third.</summary>
    private const long JsonOverhead = 1024 * 1024;

    public static IServiceCollection AddApiInput(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.MaxDepth = 64;
        });
        return services;
    }

    /// <summary>
    /// Limits the request body to what a message of <see cref="DeliveryOptions.MaxMessageBytes"/> can take as JSON
    /// (attachments in base64), so a larger request is refused (413) while it is read, not after it is held whole.
    /// </summary>
    public static RouteHandlerBuilder WithMessageSizeLimit(this RouteHandlerBuilder endpoint, IServiceProvider services)
    {
        var max = services.GetRequiredService<IOptions<DeliveryOptions>>().Value.MaxMessageBytes;
        return endpoint.WithBodySizeLimit(max / 3 * 4 + JsonOverhead);
    }

    /// <summary>Limits the request body to <paramref name="bytes"/>, refused (413) while it is read; read as <see cref="UseOwnBuffersForLargeBodies"/> says.</summary>
    public static RouteHandlerBuilder WithBodySizeLimit(this RouteHandlerBuilder endpoint, long bytes) => endpoint.WithMetadata(new BodySizeLimit(bytes));

    /// <summary>
    /// A body that may be as large as a message is read through buffers of its own, returned as the JSON is read. The
    /// framework otherwise reads JSON straight from the server's pipe, which holds a string value whole (a 10 MB
    /// text body) in the server's memory pool until it is parsed, and that pool keeps what it once held: 64 MB after
    /// eight such requests, measured by benchmarks/memory.sh. Runs after routing, where the endpoint is known.
    /// </summary>
    public static IApplicationBuilder UseOwnBuffersForLargeBodies(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>() is not null)
            {
                var reader = System.IO.Pipelines.PipeReader.Create(http.Request.Body, new System.IO.Pipelines.StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
                http.Features.Set<Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature>(new BodyPipe(reader));
            }

            return next(http);
        });

    /// <summary>An API answer of 4xx or 5xx that has no body yet (a 415 from the framework, a 401) gets problem details.</summary>
    public static IApplicationBuilder UseApiStatusProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = status,
                Detail = status switch
                {
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with the header Content-Type: application/json.",
                    StatusCodes.Status401Unauthorized => "Give an API key: Authorization: Bearer ss_…",
                    _ => null,
                },
            };
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        });

    private sealed record BodySizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    private sealed record BodyPipe(System.IO.Pipelines.PipeReader Reader) : Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature;
}
