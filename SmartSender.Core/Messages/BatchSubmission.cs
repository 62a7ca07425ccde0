using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Idempotency;

namespace SmartSender.Core.Messages;

/// <summary>
/// Accepts up to <see cref="MaxMessages"/> messages in one request. Each is checked by the rules a single send
/// meets (<see cref="MessageSubmission"/>), and a refused one never refuses the others; the quota is taken once
/// for the batch, and the items it has no room for are refused with the reason. The accepted ones are stored in one
/// transaction, with the Idempotency-Key's record when there is one: all of them or none.
/// </summary>
public sealed class BatchSubmission(MessageSubmission single, SendingPolicy policy, QueueWriter queue, DeliveryKick delivery, TimeProvider clock)
{
    /// <summary>The most messages one batch holds, as Postmark allows.</summary>
    public const int MaxMessages = 500;

    /// <summary>Each item's message or its errors, in the order given.</summary>
    /// <param name="answer">Makes the API's answer from the items' results, for the Idempotency-Key's record, stored with them.</param>
    /// <returns>A failure for the batch as a whole (nothing stored): no room at all in the quota, or the Idempotency-Key taken meanwhile.</returns>
    public async Task<Result<IReadOnlyList<Result<Message>>>> SubmitAsync(
        Guid accountId, IReadOnlyList<Result<SendRequest>> requests, CancellationToken ct = default,
        IdempotencyClaim? idempotency = null, Func<IReadOnlyList<Result<Message>>, IdempotentAnswer>? answer = null)
    {
        var now = clock.GetUtcNow();
        var results = new Result<Message>[requests.Count];
        var valid = new List<(int Index, Message Message)>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (!requests[i].Succeeded)
            {
                results[i] = Result<Message>.Failure(requests[i].Errors);
                continue;
            }

            var token = MessageToken.New(now);
            var checkedItem = await single.CheckBatchItemAsync(accountId, requests[i].Value!, token, ct);
            if (checkedItem.Succeeded)
            {
                valid.Add((i, Message.Queue(accountId, checkedItem.Value!, token, now.UtcDateTime)));
            }
            else
            {
                results[i] = Result<Message>.Failure(checkedItem.Errors);
            }
        }

        if (valid.Count == 0)
        {
            return Result<IReadOnlyList<Result<Message>>>.Success(results);
        }

        var room = await policy.ReserveAsync(accountId, valid.Count, ct);
        if (!room.Succeeded)
        {
            return Result<IReadOnlyList<Result<Message>>>.Failure(room.Errors);
        }

        var reservation = room.Value!;
        foreach (var (index, message) in valid.Take(reservation.Granted))
        {
            results[index] = Result<Message>.Success(message);
        }

        foreach (var (index, _) in valid.Skip(reservation.Granted))
        {
            results[index] = Result<Message>.Failure(reservation.Over!);
        }

        if (idempotency is not null && answer is not null)
        {
            idempotency.Answer = _ => answer(results);
        }

        var accepted = valid.Take(reservation.Granted).Select(v => v.Message).ToList();
        if (!await queue.StoreAsync(accepted, idempotency))
        {
            return Result<IReadOnlyList<Result<Message>>>.Failure([MessageErrors.IdempotencyKeyTaken()]);
        }

        if (accepted.Any(m => m.SendAt is null || m.SendAt <= clock.GetUtcNow().UtcDateTime))
        {
            delivery.Kick();
        }

        await policy.QueuedAsync(reservation.Standing, ct, accepted.Count);
        return Result<IReadOnlyList<Result<Message>>>.Success(results);
    }
}
