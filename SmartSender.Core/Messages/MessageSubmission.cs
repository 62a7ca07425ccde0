using SmartSender.Core.Common;

namespace SmartSender.Core.Messages;

/// <summary>
/// Accepts a message for delivery: validates it, applies the account's <see cref="SendingPolicy"/> (suppression,
/// unsigned, content, quota), stores it as Queued (the queue the delivery pump takes it from), and wakes the pump.
/// A refused message leaves nothing behind.
/// </summary>
public class MessageSubmission(
    QueueWriter queue, MessageComposer composer, SendingPolicy policy, DeliveryKick delivery, TimeProvider clock, MessageSizeLimit? size = null)
{
    /// <param name="idempotency">The request's Idempotency-Key: taken in the message's own transaction; when another
    /// request took it first, nothing is stored and the result is <see cref="MessageErrors.IdempotencyKeyTaken"/>.</param>
    public async Task<Result<Message>> SubmitAsync(Guid accountId, SendRequest request, CancellationToken ct = default, Idempotency.IdempotencyClaim? idempotency = null)
    {
        var token = MessageToken.New(clock.GetUtcNow());
        var checkedRequest = await CheckAsync(accountId, request, token, submitting: true, ct);
        if (!checkedRequest.Succeeded)
        {
            return Result<Message>.Failure(checkedRequest.Errors);
        }

        var message = Message.Queue(accountId, checkedRequest.Value.Request, token, clock.GetUtcNow().UtcDateTime);
        if (!await queue.StoreAsync(message, idempotency))
        {
            return Result<Message>.Failure([MessageErrors.IdempotencyKeyTaken()]);
        }

        // Stored is queued: the pump finds the message in the table, now or at its send time, even after a crash.
        if (message.SendAt is null || message.SendAt <= clock.GetUtcNow().UtcDateTime)
        {
            delivery.Kick();
        }

        if (!message.Test)
        {
            await policy.QueuedAsync(checkedRequest.Value.Quota, ct);
        }

        return Result<Message>.Success(message);
    }

    /// <summary>Exactly what <see cref="SubmitAsync"/> would queue, with every rule checked, but nothing stored; links carry a preview token.</summary>
    public async Task<Result<ValidSendRequest>> PreviewAsync(Guid accountId, SendRequest request, CancellationToken ct = default)
    {
        var result = await CheckAsync(accountId, request, MessageToken.Preview, submitting: false, ct);
        return result.Succeeded ? Result<ValidSendRequest>.Success(result.Value.Request) : Result<ValidSendRequest>.Failure(result.Errors);
    }

    private async Task<Result<(ValidSendRequest Request, Quota.QuotaStanding Quota)>> CheckAsync(
        Guid accountId, SendRequest request, string token, bool submitting, CancellationToken ct)
    {
        var composed = await ComposeAsync(accountId, request, token, ct);
        return composed.Succeeded
            ? await policy.CheckAsync(accountId, composed.Value.Request, composed.Value.Composed, submitting, ct)
            : Result<(ValidSendRequest, Quota.QuotaStanding)>.Failure(composed.Errors);
    }

    /// <summary>Every rule but the quota, for one message of a batch (<see cref="BatchSubmission"/>), which takes the quota for all at once.</summary>
    internal async Task<Result<ValidSendRequest>> CheckBatchItemAsync(Guid accountId, SendRequest request, string token, CancellationToken ct)
    {
        var composed = await ComposeAsync(accountId, request, token, ct);
        return composed.Succeeded
            ? await policy.CheckMessageAsync(accountId, composed.Value.Request, composed.Value.Composed, submitting: true, ct)
            : Result<ValidSendRequest>.Failure(composed.Errors);
    }

    private async Task<Result<(ValidSendRequest Request, ComposedMessage Composed)>> ComposeAsync(Guid accountId, SendRequest request, string token, CancellationToken ct)
    {
        var composed = await composer.ComposeAsync(accountId, request, token, ct);

        // When the content cannot be made, the rest of the request is still checked, so every problem is reported at once.
        var content = composed.Succeeded ? composed.Value!.Request : request with { Subject = "-", Text = "-", Html = null };
        var validated = SendRequestValidator.Validate(content, clock.GetUtcNow(), (size ?? MessageSizeLimit.Default).MaxBytes);
        return composed.Succeeded && validated.Succeeded
            ? Result<(ValidSendRequest, ComposedMessage)>.Success((validated.Value!, composed.Value!))
            : Result<(ValidSendRequest, ComposedMessage)>.Failure([.. composed.Errors, .. validated.Errors]);
    }
}
