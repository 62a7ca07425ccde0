using SmartSender.Core.Common;
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
        IdempotencyClaim? idempotency = null, Func<IReadOnlyList<Result<Message>>, IdempotentAnswer>? answer = null, bool bulk = false)
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

        // Test mail uses no quota: only live messages take room, and those it has none for are refused.
        var live = valid.Where(v => !v.Message.Test).ToList();
        var room = live.Count > 0 ? await policy.ReserveAsync(accountId, live.Count, ct) : await OpenAsync(accountId, ct);
        if (!room.Succeeded)
        {
            return Result<IReadOnlyList<Result<Message>>>.Failure(room.Errors);
        }

        var reservation = room.Value!;
        var over = live.Skip(reservation.Granted).Select(v => v.Index).ToHashSet();
        foreach (var (index, message) in valid)
        {
            results[index] = over.Contains(index) ? Result<Message>.Failure(reservation.Over!) : Result<Message>.Success(message);
        }

        if (idempotency is not null && answer is not null)
        {
            idempotency.Answer = _ => answer(results);
        }

        var accepted = valid.Where(v => !over.Contains(v.Index)).Select(v => v.Message).ToList();
        if (!await queue.StoreAsync(accepted, idempotency, bulk))
        {
            return Result<IReadOnlyList<Result<Message>>>.Failure([MessageErrors.IdempotencyKeyTaken()]);
        }

        if (accepted.Any(m => m.SendAt is null || m.SendAt <= clock.GetUtcNow().UtcDateTime))
        {
            delivery.Kick();
        }

        if (accepted.Count(m => !m.Test) is > 0 and var counted)
        {
            await policy.QueuedAsync(reservation.Standing, ct, counted);
        }

        return Result<IReadOnlyList<Result<Message>>>.Success(results);
    }

    private async Task<Result<Quota.QuotaReservation>> OpenAsync(Guid accountId, CancellationToken ct)
    {
        var open = await policy.CheckOpenAsync(accountId, ct);
        return open.Succeeded
            ? Result<Quota.QuotaReservation>.Success(new Quota.QuotaReservation(open.Value!, 0, null))
            : Result<Quota.QuotaReservation>.Failure(open.Errors);
    }
}
