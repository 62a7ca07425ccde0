using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Audit;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Audit;

public abstract class AuditLogTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(provider);
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
    private AuditLog _log = default!;
    private Guid _shop;
    private Guid _other;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        (_shop, _other) = await _database.AddAccountsAsync("Shop", "Other") is [var a, var b] ? (a, b) : default;
        _log = new AuditLog(_database.CreateFactory(), _clock);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableFact]
    public async Task EachAccountReadsItsOwnEntriesNewestFirst_AndAdminsReadThemAll()
    {
        var ann = new AuditActor("ann@shop.test", "203.0.113.7");
        await _log.RecordAsync(_shop, ann, AuditActions.SignedIn, "ann@shop.test");
        _clock.Now = _clock.Now.AddMinutes(1);
        await _log.RecordAsync(_shop, ann, AuditActions.ApiKeyCreated, "Web shop", "ss_abc…, Send only");
        await _log.RecordAsync(_other, new AuditActor("bo@other.test", "198.51.100.2"), AuditActions.DomainAdded, "other.test");
        await _log.RecordAsync(null, new AuditActor("mallory@example.test", "192.0.2.66"), AuditActions.SignInFailed, "mallory@example.test", "no user has this address");

        var shop = await _log.ListAsync(_shop, 0, 50);
        var all = await _log.ListAsync(null, 0, 2);

        Assert.Equal([AuditActions.ApiKeyCreated, AuditActions.SignedIn], shop.Entries.Select(e => e.Action));
        Assert.Equal(("ann@shop.test", "203.0.113.7", "Web shop", "ss_abc…, Send only"), (shop.Entries[0].Actor, shop.Entries[0].Address, shop.Entries[0].Target, shop.Entries[0].Detail));
        Assert.Equal(new DateTime(2026, 11, 29, 8, 1, 0, DateTimeKind.Utc), shop.Entries[0].At);
        Assert.Equal(4, all.Total);
        Assert.Equal(2, all.Entries.Count);
    }

    [SkippableFact]
    public async Task TheDatabaseRefusesToChangeOrRemoveAnEntry()
    {
        await _log.RecordAsync(_shop, new AuditActor("ann@shop.test", null), AuditActions.ApiKeyRevoked, "Web shop");
        await using var db = _database.CreateContext();

        var change = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEntries.ExecuteUpdateAsync(u => u.SetProperty(e => e.Actor, "someone else")));
        var remove = await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEntries.ExecuteDeleteAsync());

        Assert.Contains("audit entries cannot be changed", change.Message);
        Assert.Contains("audit entries cannot be removed", remove.Message);
        Assert.Equal("ann@shop.test", (await db.AuditEntries.SingleAsync()).Actor);
    }
}

public sealed class AuditLogOnSqliteTests() : AuditLogTests(DatabaseProvider.Sqlite);

public sealed class AuditLogOnPostgresTests() : AuditLogTests(DatabaseProvider.Postgres);
