using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The messages table as a queue, claimed by several workers at once (on PostgreSQL with <c>SKIP LOCKED</c>, on SQLite
/// in turns): every due message is taken by exactly one of them, a live claim is never taken again, and a lapsed
/// one is taken by another worker but never by the worker that made it.
/// </summary>
public abstract class DeliveryQueueTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 12, 5, 9, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(provider);
    private readonly FixedClock _clock = new(new DateTimeOffset(Start.AddHours(1)));

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateContext();
        var account = new Account("Shop", Start);
        db.Accounts.Add(account);
        db.Messages.AddRange(Enumerable.Range(0, 300).Select(i => Message.Queue(
            account.Id, new SendRequestBuilder().From("orders@shop.test").To($"user{i}@example.test").BuildValid(), $"token{i:D3}", Start.AddSeconds(i))));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task SixWorkersClaimingAtOnce_TakeEveryDueMessageExactlyOnce()
    {
        var queue = new DeliveryQueue(_database.CreateFactory(), _clock);
        var taken = new ConcurrentBag<(Guid Worker, Guid Message)>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var worker = Guid.NewGuid();
            while (await queue.ClaimAsync(worker, 7, TimeSpan.FromMinutes(5), owner: "instance-a") is { Count: > 0 } claimed)
            {
                foreach (var message in claimed)
                {
                    taken.Add((worker, message.Id));
                }
            }
        })));

        Assert.Equal(300, taken.Count);
        Assert.Equal(300, taken.Select(t => t.Message).Distinct().Count());
        await using var db = _database.CreateContext();
        var claims = await db.Messages.Select(m => new { m.Id, m.ClaimId }).ToListAsync();
        Assert.All(claims, c => Assert.Equal(taken.Single(t => t.Message == c.Id).Worker, c.ClaimId));
    }

    [SkippableFact]
    public async Task ALapsedClaim_IsTakenByAnotherWorker_ButNeverAgainByItsOwn()
    {
        var queue = new DeliveryQueue(_database.CreateFactory(), _clock);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var held = await queue.ClaimAsync(first, 500, TimeSpan.FromMinutes(5));

        var whileHeld = await queue.ClaimAsync(second, 500, TimeSpan.FromMinutes(5));
        _clock.Now = _clock.Now.AddMinutes(6);
        var byItsOwn = await queue.ClaimAsync(first, 500, TimeSpan.FromMinutes(5));
        var byAnother = await queue.ClaimAsync(second, 500, TimeSpan.FromMinutes(5));

        Assert.Equal(300, held.Count);
        Assert.Empty(whileHeld);
        Assert.Empty(byItsOwn);
        Assert.Equal(held.Select(m => m.Id).Order(), byAnother.Select(m => m.Id).Order());
        Assert.Equal(held.Select(m => m.Id), held.OrderBy(m => m.NextAttemptAt).Select(m => m.Id));
    }

    [SkippableFact]
    public async Task ARenewal_ExtendsOnlyTheClaimsThatWouldLapseBeforeTheNextOne_AndKeepsEveryClaimHeldLongEnough()
    {
        var queue = new DeliveryQueue(_database.CreateFactory(), _clock);
        var hold = TimeSpan.FromMinutes(2);
        var worker = Guid.NewGuid();
        var early = await queue.ClaimAsync(worker, 100, hold);
        var claimedEarly = _clock.Now.UtcDateTime;
        _clock.Now = _clock.Now.AddSeconds(30);
        var late = await queue.ClaimAsync(worker, 100, hold);
        var claimedLate = _clock.Now.UtcDateTime;
        var other = await queue.ClaimAsync(Guid.NewGuid(), 100, hold);

        _clock.Now = _clock.Now.AddSeconds(10);
        await queue.RenewAsync(worker, hold);
        var renewedAt = _clock.Now.UtcDateTime;

        await using var db = _database.CreateContext();
        var until = await db.Messages.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.ClaimedUntil);
        Assert.All(early, m => Assert.Equal(renewedAt + hold, until[m.Id]));
        Assert.All(late, m => Assert.Equal(claimedLate + hold, until[m.Id]));
        Assert.All(other, m => Assert.Equal(claimedLate + hold, until[m.Id]));
        Assert.All(early.Concat(late), m => Assert.True(until[m.Id] >= renewedAt + DeliveryQueue.RenewedAhead(hold)));
        Assert.True(claimedEarly + hold < renewedAt + DeliveryQueue.RenewedAhead(hold));
    }
}

public sealed class DeliveryQueueOnSqliteTests() : DeliveryQueueTests(DatabaseProvider.Sqlite);

public sealed class DeliveryQueueOnPostgresTests() : DeliveryQueueTests(DatabaseProvider.Postgres);
