using System.Security.Cryptography;
using System.Text.Json;
using SmartSender.Core.Accounts;
using SmartSender.Core.Idempotency;

namespace SmartSender.Web.Api;

/// <summary>
/// With an <c>Idempotency-Key</c> header, a retried request gets the first answer again, byte for byte, and no second
/// message is made; the answer is kept 24 hours. The key is taken by the accepted message in the transaction that
/// stores it (<see cref="IdempotencyClaim"/>), never before, so a client that goes away, a crash, or a concurrent retry
/// cannot leave a key holding nothing or two messages under one key. Only an accepted message holds its key: a refused
/// request stored nothing, so its retry is checked again. A key reused for a different request is refused.
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
            return Problems.Invalid(new Core.Common.Error("idempotency_key_invalid", $"An Idempotency-Key has at most {IdempotencyStore.MaxKeyLength} characters.", Header), http, "Invalid Idempotency-Key");
        }

        var accountId = http.User.GetAccountId();
        var hash = Hash(context.Arguments);
        if (await AnswerKnownAsync(http, accountId, key, hash, CancellationToken.None) is { } known)
        {
            return known;
        }

        var claim = new IdempotencyClaim(accountId, key, hash, Accepted);
        http.Features.Set(claim);
        var result = await next(context);

        // Another request with the key was stored first: its answer is this one's too. It was committed before this
        // request learnt it had lost, so it is there to read.
        return claim.Taken ? await AnswerKnownAsync(http, accountId, key, hash, CancellationToken.None) : result;
    }

    private async Task<IResult?> AnswerKnownAsync(HttpContext http, Guid accountId, string key, string hash, CancellationToken ct) =>
        await store.BeginAsync(accountId, key, hash, ct) switch
        {
            IdempotencyStart.Replay replay => new ReplayResult(replay.Answer),
            IdempotencyStart.Mismatch => Problems.For([new Core.Common.UnprocessableError("idempotency_key_reused",
                "This Idempotency-Key was already used for a different request. Use a new key for a new message.", Header)], http, "Idempotency-Key reused"),
            _ => null,
        };

    /// <summary>The 202 the API gives for an accepted message, as <see cref="MessagesApi.SendAsync"/> writes it.</summary>
    private static IdempotentAnswer Accepted(Guid messageId) =>
        new(StatusCodes.Status202Accepted, JsonSerializer.Serialize(new MessageAccepted(messageId, "Queued"), JsonSerializerOptions.Web), $"/api/v1/messages/{messageId}");

    private static string Hash(IList<object?> arguments)
    {
        var body = arguments.FirstOrDefault(a => a is SendMessageBody or BatchSendBody);
        var json = JsonSerializer.SerializeToUtf8Bytes(body, body?.GetType() ?? typeof(object));
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private sealed class ReplayResult(IdempotentAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = answer.StatusCode;
            http.Response.ContentType = answer.StatusCode >= 400 ? "application/problem+json" : "application/json; charset=utf-8";
            http.Response.Headers["Idempotent-Replayed"] = "true";
            if (answer.Location is not null)
            {
                http.Response.Headers.Location = answer.Location;
            }

            await http.Response.WriteAsync(answer.Body, http.RequestAborted);
        }
    }
}
