using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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
            o.SerializerOptions.TypeInfoResolver = (o.SerializerOptions.TypeInfoResolver ?? new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver())
                .WithAddedModifier(LargeStringConverter.ForLargeFields);
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
    /// A body that may be as large as a message is read into memory of its own. The framework otherwise reads JSON
    /// straight from the server's pipe, which holds a string value whole (a 10 MB text body) in the server's memory
    /// pool until it is parsed; and a pipe over the request stream asks for ever larger single buffers while a value
    /// is incomplete, which come from the runtime's shared array pool, which keeps them for minutes (27 arrays of 2 MB
    /// a minute after eight 10 MB requests, found in a heap dump taken by benchmarks/memory.sh). A body that states
    /// its length, within the endpoint's limit, is read at once into one plain array (gone with the next collection)
    /// and parsed from there; a small or chunked one through 64 KB buffers. Runs after routing, where the endpoint
    /// and its limit are known.
    /// </summary>
    public static IApplicationBuilder UseOwnBuffersForLargeBodies(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<BodySizeLimit>() is not null)
            {
                var limit = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
                var reader = http.Request.ContentLength is > SmallBody and var length && length <= (limit ?? long.MaxValue) && length <= int.MaxValue
                    ? PipeReader.Create(new ReadOnlySequence<byte>(await ReadWholeAsync(http.Request.Body, (int)length, http.RequestAborted)))
                    : PipeReader.Create(http.Request.Body, new StreamPipeReaderOptions(bufferSize: SmallBody, leaveOpen: true));
                http.Features.Set<Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature>(new BodyPipe(reader));
            }

            await next(http);
        });

    private const int SmallBody = 64 * 1024;

    private static async Task<byte[]> ReadWholeAsync(Stream body, int length, CancellationToken ct)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(length);
        var read = 0;
        while (read < length && await body.ReadAsync(buffer.AsMemory(read), ct) is > 0 and var n)
        {
            read += n;
        }

        return read == length ? buffer : buffer[..read];
    }

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

    private sealed record BodyPipe(PipeReader Reader) : Microsoft.AspNetCore.Http.Features.IRequestBodyPipeFeature;
}
