using Microsoft.EntityFrameworkCore;
using Npgsql;
using SmartSender.Core.Analytics;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Analytics;

/// <summary>
/// Two instances on one PostgreSQL database add to the same hour's counts: each writes rows of its own, so one
/// instance's open transaction does not hold the other's up, and the readers' sums count both.
/// </summary>
public sealed class RollupWritersTests : IAsyncLifetime
{
    private static readonly DateTime Hour = new(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    private Guid _account;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _account = (await _database.AddAccountsAsync("Shop"))[0];
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task AWriterOfItsOwn_AddsToTheHourWhileAnotherHoldsItsRows_AndTheSumsCountBoth()
    {
        await using var a = _database.CreateContext();
        await using var holding = await a.Database.BeginTransactionAsync();
        await RollupWriter.WriteAsync(a, Queued(3), writer: 1, CancellationToken.None);

        await WriteAsync(writer: 2, count: 4);

        await holding.CommitAsync();
        await using var db = _database.CreateContext();
        Assert.Equal(2, await db.HourlyTotals.CountAsync(r => r.AccountId == _account && r.Tag == ""));
        Assert.Equal(7, await db.HourlyTotals.Where(r => r.AccountId == _account && r.Tag == "" && r.Type == MessageEventType.Queued).SumAsync(r => r.Count));
        Assert.Equal(7, await db.DailyRollups.Where(r => r.AccountId == _account && r.Tag == "").SumAsync(r => r.Count));
    }

    [SkippableFact]
    public async Task TheSameWriter_WaitsForTheTransactionThatHoldsItsRows()
    {
        await using var a = _database.CreateContext();
        await using var holding = await a.Database.BeginTransactionAsync();
        await RollupWriter.WriteAsync(a, Queued(3), writer: 1, CancellationToken.None);

        var waited = await Assert.ThrowsAsync<PostgresException>(() => WriteAsync(writer: 1, count: 4));

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, waited.SqlState);
    }

    /// <summary>One write of a writer in a transaction of its own that gives up after half a second of waiting for a lock.</summary>
    private async Task WriteAsync(short writer, int count)
    {
        await using var db = _database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '500ms'");
        await RollupWriter.WriteAsync(db, Queued(count), writer, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private Dictionary<RollupKey, RollupDelta> Queued(int count) => new()
    {
        [new RollupKey(_account, Hour, "", MessageEventType.Queued, false, "shop.test", "", MessageStream.Transactional, Guid.Empty, Guid.Empty, "", "")] =
            new RollupDelta { Count = count },
    };
}
