using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// Where instances share the queue, a new message is stored with the lane the pump last gave its account's mail to
/// the same recipient domain, and only the instance holding that lane claims it: the other instance's claim leaves
/// it, instead of taking it and putting it back. A pool of several addresses is never pinned to one by a hint, and on
/// SQLite (one process) messages are stored as before.
/// </summary>
public abstract class LaneHintsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly LaneKey Gmail = new("127.0.0.2", "Gmail");
    private readonly TestDatabase _database = new(provider);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly LaneHints _hints = new(Options.Create(new DatabaseOptions { Provider = provider }));
    private Guid _account;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _account = (await _database.AddAccountsAsync("Shop"))[0];
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    protected async Task<Dictionary<string, string?>> StoreAsync(params string[] recipients)
    {
        var contexts = _database.CreateFactory();
        var options = Options.Create(new DatabaseOptions());
        var writer = new QueueWriter(contexts, new QuotaReads(contexts, new AccountCache(contexts, options), options), NullLogger<QueueWriter>.Instance, lanes: _hints);
        var at = _clock.Now.UtcDateTime.AddMinutes(-1);
        await writer.StoreAsync([.. recipients.Select(to => new MessageBuilder().For(_account).To(to).QueuedAt(at).Build())]);
        await using var db = _database.CreateContext();
        return await db.Messages.ToDictionaryAsync(m => m.To, m => m.LaneKey);
    }

    protected LaneHints Hints => _hints;

    protected Guid Account => _account;

    protected TestDatabase Database => _database;

    protected FixedClock Clock => _clock;

    protected static LaneKey GmailLane => Gmail;
}

public sealed class LaneHintsOnSqliteTests() : LaneHintsTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task OneProcess_StoresNewMessagesWithoutALane()
    {
        Hints.Learn(Account, "gmail.test", GmailLane, onlyIp: true);

        var stored = await StoreAsync("ann@gmail.test");

        Assert.Null(stored["ann@gmail.test"]);
        Assert.Null(Hints.For(Account, "gmail.test"));
    }

    [Fact]
    public void AHint_IsForgotten_WhenTheAccountsPoolHasSeveralAddresses()
    {
        var shared = new LaneHints(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres }));
        shared.Learn(Account, "Gmail.test", GmailLane, onlyIp: true);
        var learned = shared.For(Account, "gmail.TEST");

        shared.Learn(Account, "gmail.test", GmailLane, onlyIp: false);

        Assert.Equal("127.0.0.2|Gmail", learned);
        Assert.Null(shared.For(Account, "gmail.test"));
        Assert.Null(shared.For(Guid.NewGuid(), "gmail.test"));
    }
}

public sealed class LaneHintsOnPostgresTests() : LaneHintsTests(DatabaseProvider.Postgres)
{
    [SkippableFact]
    public async Task ANewMessage_TakesTheLaneItsDomainWentOn_AndOnlyTheLanesHolderClaimsIt()
    {
        var a = new LaneRegistry(Database.CreateFactory(), Options.Create(new LaneOptions()), Clock, Options.Create(new DeliveryOptions { InstanceName = "instance-a" }));
        Assert.True((await a.AcquireAsync(GmailLane)).Allowed);
        Hints.Learn(Account, "gmail.test", GmailLane, onlyIp: true);

        var stored = await StoreAsync("ann@gmail.test", "bob@yahoo.test");
        var queue = new DeliveryQueue(Database.CreateFactory(), Clock);
        var byB = await queue.ClaimAsync(Guid.NewGuid(), 10, TimeSpan.FromMinutes(5), owner: "instance-b");
        var byA = await queue.ClaimAsync(Guid.NewGuid(), 10, TimeSpan.FromMinutes(5), owner: "instance-a");

        Assert.Equal("127.0.0.2|Gmail", stored["ann@gmail.test"]);
        Assert.Null(stored["bob@yahoo.test"]);
        Assert.Equal(["bob@yahoo.test"], byB.Select(m => m.To));
        Assert.Equal(["ann@gmail.test"], byA.Select(m => m.To));
    }

    [SkippableFact]
    public async Task AHintedMessage_IsClaimedByAnyInstance_OnceTheHoldersLeaseLapsed()
    {
        var a = new LaneRegistry(Database.CreateFactory(), Options.Create(new LaneOptions()), Clock, Options.Create(new DeliveryOptions { InstanceName = "instance-a" }));
        Assert.True((await a.AcquireAsync(GmailLane)).Allowed);
        Hints.Learn(Account, "gmail.test", GmailLane, onlyIp: true);
        await StoreAsync("ann@gmail.test");

        Clock.Now = Clock.Now + LaneRegistry.LeaseTime + TimeSpan.FromSeconds(1); // instance A died
        var byB = await new DeliveryQueue(Database.CreateFactory(), Clock).ClaimAsync(Guid.NewGuid(), 10, TimeSpan.FromMinutes(5), owner: "instance-b");

        Assert.Equal(["ann@gmail.test"], byB.Select(m => m.To));
    }
}
