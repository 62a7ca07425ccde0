using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Idempotency;

/// <summary>
/// Answers a request that carries an Idempotency-Key from the record kept with its message for <see cref="Retention"/>.
/// A key no live record holds is free: the request is processed and its message takes the key when it is stored
/// (<see cref="IdempotencyClaim"/>); of two concurrent requests with one key, the one committed first keeps it and the
/// other is answered as it was.
/// </summary>
public class IdempotencyStore(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 200;

    public async Task<IdempotencyStart> BeginAsync(Guid accountId, string key, string requestHash, CancellationToken ct = default)
    {
        var expired = clock.GetUtcNow().UtcDateTime - Retention;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var existing = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.AccountId == accountId && r.Key == key && r.CreatedAt >= expired && r.StatusCode != null, ct);
        if (existing is null)
        {
            return new IdempotencyStart.First();
        }

        return existing.RequestHash == requestHash
            ? new IdempotencyStart.Replay(new IdempotentAnswer(existing.StatusCode!.Value, existing.ResponseBody ?? "", existing.Location))
            : new IdempotencyStart.Mismatch();
    }

    /// <summary>Removes records past their retention (a recurring job).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken ct = default)
    {
        var expired = clock.GetUtcNow().UtcDateTime - Retention;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(ct);
    }
}
