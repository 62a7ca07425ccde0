using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Idempotency;

/// <summary>
/// Keeps the first answer per (account, key) for <see cref="Retention"/>. A unique index decides which of two
/// concurrent requests is first; the other waits for the first answer instead of making a second message.
/// </summary>
public class IdempotencyStore(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    public const int MaxKeyLength = 200;
    private static readonly TimeSpan WaitForFirst = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    public async Task<IdempotencyStart> BeginAsync(Guid accountId, string key, string requestHash, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            // An expired record no longer holds its key.
            await db.IdempotencyRecords.Where(r => r.AccountId == accountId && r.Key == key && r.CreatedAt < now - Retention).ExecuteDeleteAsync(ct);
            var record = new IdempotencyRecord(accountId, key, requestHash, now);
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(ct);
                return new IdempotencyStart.First(record.Id);
            }
            catch (DbUpdateException)
            {
                // Another request holds the key: answer as it does.
            }
        }

        var deadline = DateTime.UtcNow + WaitForFirst;
        using var poll = new PeriodicTimer(PollEvery);
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.AccountId == accountId && r.Key == key, ct);
            if (existing is not null && existing.RequestHash != requestHash)
            {
                return new IdempotencyStart.Mismatch();
            }

            if (existing is { StatusCode: { } status })
            {
                return new IdempotencyStart.Replay(status, existing.ResponseBody ?? "", existing.Location);
            }

            if (DateTime.UtcNow > deadline)
            {
                return new IdempotencyStart.InProgress();
            }

            await poll.WaitForNextTickAsync(ct);
        }
    }

    public async Task CompleteAsync(long recordId, int statusCode, string body, string? location, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var record = await db.IdempotencyRecords.FirstAsync(r => r.Id == recordId, ct);
        record.Complete(statusCode, body, location);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A request that failed before it had an answer releases its key, so a retry can be processed.</summary>
    public async Task AbandonAsync(long recordId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.IdempotencyRecords.Where(r => r.Id == recordId && r.StatusCode == null).ExecuteDeleteAsync(ct);
    }
}
