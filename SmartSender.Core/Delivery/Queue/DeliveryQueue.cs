using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Queue;

/// <summary>
/// The messages table is the delivery queue: a queued message is due at <see cref="Message.NextAttemptAt"/>, and a
/// worker takes it by writing its claim and how long the claim holds. A claim that lapses (the worker's process
/// died) makes the message due again, so nothing accepted is stranded; a worker renews its claims while it runs.
/// </summary>
/// <param name="writer">The queue's writer, which saves delivery outcomes beside accepted messages; without it each run's outcome writer commits its own.</param>
public class DeliveryQueue(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock, NewEvents? events = null, QueueWriter? writer = null)
{
    /// <summary>Takes up to <paramref name="max"/> due messages, oldest due first, with their attachments.</summary>
    /// <param name="owner">The claiming instance's name (<see cref="DeliveryOptions.InstanceName"/>).</param>
    public async Task<List<Message>> ClaimAsync(Guid claimId, int max, TimeSpan hold, CancellationToken ct = default, string? owner = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + hold;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var due = db.Database.IsNpgsql()
            ? await ClaimSkippingLockedAsync(db, claimId, max, now, until, owner, ct)
            : await ClaimInTurnAsync(db, claimId, max, now, until, owner, ct);
        if (due.Count == 0)
        {
            return [];
        }

        return await db.Messages.AsNoTracking().Include(m => m.Attachments).AsSplitQuery()
            .Where(m => due.Contains(m.Id) && m.ClaimId == claimId).OrderBy(m => m.NextAttemptAt).ToListAsync(ct);
    }

    /// <summary>SQLite, one writer at a time: the due messages are read, then claimed if no one took them in between.</summary>
    private static async Task<List<Guid>> ClaimInTurnAsync(
        SmartSenderDbContext db, Guid claimId, int max, DateTime now, DateTime until, string? owner, CancellationToken ct)
    {
        // Never its own lapsed claims: the worker still holds those messages (its renewal was late), and taking them
        // again would send them twice.
        var due = await db.Messages.Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now) && m.ClaimId != claimId)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(max).ToListAsync(ct);
        if (due.Count == 0)
        {
            return due;
        }

        // The conditions again: another worker may have taken some of them in between; those stay its own.
        using (await SqliteWriteGate.EnterAsync(db, ct))
        {
            await db.Messages.Where(m => due.Contains(m.Id) && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now) && m.ClaimId != claimId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, claimId).SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.ClaimedBy, owner), ct);
        }

        return due;
    }

    /// <summary>
    /// PostgreSQL, many workers in many instances at once: one statement claims the oldest due messages that no other
    /// transaction is claiming at this moment (<c>FOR UPDATE SKIP LOCKED</c>), so two pumps never wait on, nor take,
    /// the same message. Claims that lapsed (their instance died) come first, then free messages in due order, each
    /// read from its own partial index (<see cref="PostgresSmartSenderDbContext"/>). The status is written into the
    /// statement, not passed as a parameter, so the planner can match those indexes in a prepared statement too.
    /// A free message already given a lane that another live instance holds (stored with the lane it is expected to
    /// take, <see cref="Lanes.LaneHints"/>, or put back by an instance that found the lane held) is left to that
    /// instance; the held lanes are read once per claim (a hashed subplan), not once per message.
    /// </summary>
    private static Task<List<Guid>> ClaimSkippingLockedAsync(
        SmartSenderDbContext db, Guid claimId, int max, DateTime now, DateTime until, string? owner, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>($"""
            WITH lapsed AS (
                SELECT "Id" FROM "Messages"
                WHERE "Status" = 'Queued' AND "ClaimId" IS NOT NULL AND "ClaimedUntil" < {now} AND "ClaimId" <> {claimId} AND "NextAttemptAt" <= {now}
                ORDER BY "ClaimedUntil" LIMIT {max}
                FOR UPDATE SKIP LOCKED),
            free AS (
                SELECT "Id" FROM "Messages"
                WHERE "Status" = 'Queued' AND "ClaimId" IS NULL AND "NextAttemptAt" <= {now}
                    AND ("LaneKey" IS NULL OR "LaneKey" NOT IN (
                        SELECT l."SendingIp" || '|' || l."Provider" FROM "Lanes" AS l
                        WHERE l."LeaseUntil" > {now} AND l."LeaseOwner" <> {owner ?? ""}))
                ORDER BY "NextAttemptAt" LIMIT {max}
                FOR UPDATE SKIP LOCKED)
            UPDATE "Messages" SET "ClaimId" = {claimId}, "ClaimedUntil" = {until}, "ClaimedBy" = {owner}
            WHERE "Id" IN (SELECT "Id" FROM (SELECT "Id" FROM lapsed UNION ALL SELECT "Id" FROM free) AS due LIMIT {max})
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);

    /// <summary>A writer of what became of claimed messages, for one run of the pump.</summary>
    public OutcomeWriter NewOutcomeWriter(Microsoft.Extensions.Logging.ILogger logger) => new(contexts, logger, events, writer);

    /// <summary>
    /// How long every claim of a worker holds at least after its renewal: a claim that already holds longer is left
    /// as it is (<see cref="RenewAsync"/>).
    /// </summary>
    public static TimeSpan RenewedAhead(TimeSpan hold) => hold * 5 / 6;

    /// <summary>
    /// Extends the claims of <paramref name="claimId"/> still queued that would lapse within
    /// <see cref="RenewedAhead"/>: those made more than a sixth of the hold ago. Most messages are sent sooner, so a
    /// renewal rewrites only the few that wait long (each rewrite is a new row version in every index of the table,
    /// and locks the row against the outcome being saved), not the whole batch a worker holds.
    /// </summary>
    public async Task RenewAsync(Guid claimId, TimeSpan hold, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (until, lapsingBefore) = (now + hold, now + RenewedAhead(hold));
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await db.Messages.Where(m => m.ClaimId == claimId && m.Status == MessageStatus.Queued && m.ClaimedUntil < lapsingBefore)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), ct);
    }

    /// <summary>Gives back one message if <paramref name="claimId"/> still holds it; one another claim took is left alone.</summary>
    public async Task ReleaseIfHeldAsync(Guid messageId, Guid claimId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await db.Messages.Where(m => m.Id == messageId && m.ClaimId == claimId && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
    }

    /// <summary>Gives back the messages of <paramref name="claimId"/> that were not delivered, due as they were.</summary>
    public async Task ReleaseAsync(Guid claimId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        await db.Messages.Where(m => m.ClaimId == claimId && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
    }

    /// <summary>
    /// Frees the claims an instance made in an earlier life: it calls this before its first claim after starting, when
    /// none of its workers can hold anything, so the messages a killed process held are due again at once.
    /// </summary>
    /// <returns>How many messages were freed.</returns>
    public async Task<int> ReleaseEarlierClaimsAsync(string owner, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        using var turn = await SqliteWriteGate.EnterAsync(db, ct);
        return await db.Messages.Where(m => m.ClaimedBy == owner && m.ClaimId != null && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.ClaimedBy, (string?)null), ct);
    }

    /// <summary>
    /// When the oldest message that is due and held by no worker became due: the backlog of every pump sharing the
    /// queue (read through the <c>(Status, NextAttemptAt)</c> index); null when none waits.
    /// </summary>
    public static Task<DateTime?> OldestWaitingAsync(SmartSenderDbContext db, DateTime now, CancellationToken ct = default) =>
        db.Messages.Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .MinAsync(m => (DateTime?)m.NextAttemptAt, ct);

    /// <summary>When the next message not held by <paramref name="claimId"/> becomes due, if any is queued.</summary>
    public async Task<DateTime?> NextDueAsync(Guid claimId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var free = await db.Messages.Where(m => m.Status == MessageStatus.Queued && m.ClaimId == null)
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
        var lapsing = await db.Messages.Where(m => m.Status == MessageStatus.Queued && m.ClaimId != null && m.ClaimId != claimId)
            .OrderBy(m => m.ClaimedUntil).Select(m => m.ClaimedUntil).FirstOrDefaultAsync(ct);
        return (free, lapsing) switch
        {
            (null, null) => null,
            ({ } a, null) => a,
            (null, { } b) => b,
            ({ } a, { } b) => a < b ? a : b,
        };
    }
}
