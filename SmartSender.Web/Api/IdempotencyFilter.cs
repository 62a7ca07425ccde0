using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartSender.Core.Accounts;
using SmartSender.Core.Idempotency;

namespace SmartSender.Web.Api;

/// <summary>
/// With an <c>Idempotency-Key</c> header, a retried request gets the first answer again, byte for byte, and
/// no second message is made; the answer is kept 24 hours. A key reused for a different request is refused.
/// </summary>
public class IdempotencyFilter(IdempotencyStore store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        string? key = http.Request.Headers[Header];
        if (string.IsNullOrEmpty(key))
        {
            return await next(context);
        }

        if (key.Length > IdempotencyStore.MaxKeyLength)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid Idempotency-Key", detail: $"An Idempotency-Key has at most {IdempotencyStore.MaxKeyLength} characters.");
        }

        var start = await store.BeginAsync(http.User.GetAccountId(), key, Hash(context.Arguments), http.RequestAborted);
        switch (start)
        {
            case IdempotencyStart.Replay replay:
                return new ReplayResult(replay);
            case IdempotencyStart.Mismatch:
                return TypedResults.Problem(statusCode: 422, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used for a different request. Use a new key for a new message.");
            case IdempotencyStart.InProgress:
                return TypedResults.Problem(statusCode: 409, title: "Request in progress",
                    detail: "A request with this Idempotency-Key is still being processed. Retry in a moment.");
        }

        var recordId = ((IdempotencyStart.First)start).RecordId;
        try
        {
            return await ExecuteAndKeepAsync(context, next, recordId);
        }
        catch
        {
            await store.AbandonAsync(recordId, CancellationToken.None);
            throw;
        }
    }

    private async Task<object?> ExecuteAndKeepAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, long recordId)
    {
        var http = context.HttpContext;
        if (await next(context) is not IResult result)
        {
            await store.AbandonAsync(recordId);
            return null;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        var status = http.Response.StatusCode;
        if (status >= 500)
        {
            await store.AbandonAsync(recordId);
        }
        else
        {
            await store.CompleteAsync(recordId, status, Encoding.UTF8.GetString(buffer.ToArray()), http.Response.Headers.Location, http.RequestAborted);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
        return Results.Empty;
    }

    private static string Hash(IList<object?> arguments)
    {
        var body = arguments.OfType<SendMessageBody>().FirstOrDefault();
        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private sealed class ReplayResult(IdempotencyStart.Replay replay) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = replay.StatusCode;
            http.Response.ContentType = replay.StatusCode >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (replay.Location is not null)
            {
                http.Response.Headers.Location = replay.Location;
            }

            await http.Response.WriteAsync(replay.Body, http.RequestAborted);
        }
    }
}
