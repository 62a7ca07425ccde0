using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Tracking;

public sealed class TrackingEventsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Flush_WhileTheDatabaseIsLockedElsewhere_FailsAndKeepsItsHits_SoTheNextFlushStoresThemAll()
    {
        var account = (await _database.AddAccountsAsync("Shop"))[0];
        var message = new MessageBuilder().For(account).Marketing().Build();
        await using (var db = _database.CreateContext())
        {
            db.Messages.Add(message);
            await db.SaveChangesAsync();
        }

        // Writers give up on a lock after one second here, not thirty.
        var contexts = new PooledDbContextFactory<SmartSenderDbContext>(new DbContextOptionsBuilder<SmartSenderDbContext>()
            .UseSqlite($"Data Source={_database.Path};Pooling=False;Default Timeout=1").Options);
        var events = new TrackingEvents(contexts, Options.Create(new TrackingOptions()), TimeProvider.System, NullLogger<TrackingEvents>.Instance);
        for (var i = 0; i < 3; i++)
        {
            await events.RecordAsync(new TrackingHit(message.Token!, MessageEventType.Opened, null, "Mail/1.0", "192.0.2.1", false, DateTime.UtcNow.AddMinutes(i)));
        }

        await using (var other = new SqliteConnection($"Data Source={_database.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var holding = await other.BeginTransactionAsync();
            await using (var write = other.CreateCommand())
            {
                write.CommandText = "UPDATE Accounts SET Name = Name";
                await write.ExecuteNonQueryAsync();
            }

            await Assert.ThrowsAsync<SqliteException>(() => events.FlushAsync());
        }

        await events.FlushAsync();

        await using var check = _database.CreateContext();
        Assert.Equal(3, await check.MessageEvents.CountAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Opened));
    }

    [Fact]
    public async Task AHitBeyondAFullQueue_WaitsForRoom_AndIsStored_NotDropped()
    {
        var account = (await _database.AddAccountsAsync("Shop"))[0];
        var message = new MessageBuilder().For(account).Marketing().Build();
        await using (var db = _database.CreateContext())
        {
            db.Messages.Add(message);
            await db.SaveChangesAsync();
        }

        const int capacity = 1_000;
        var events = new TrackingEvents(_database.CreateFactory(), Options.Create(new TrackingOptions { QueueCapacity = capacity }), TimeProvider.System,
            NullLogger<TrackingEvents>.Instance);
        TrackingHit Open(int i) => new(message.Token!, MessageEventType.Opened, null, "Mail/1.0", "192.0.2.1", false, DateTime.UtcNow.AddSeconds(i));
        for (var i = 0; i < capacity; i++)
        {
            Assert.True(events.RecordAsync(Open(i)).IsCompletedSuccessfully);
        }

        var beyond = events.RecordAsync(Open(capacity)).AsTask();
        Assert.False(beyond.IsCompleted);

        await events.FlushAsync();
        await beyond;
        await events.FlushAsync();

        await using var check = _database.CreateContext();
        Assert.Equal(capacity + 1, await check.MessageEvents.CountAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.Opened));
    }
}
