using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Persistence;

[Collection(TableVersionsCollection.Name)]
public class ReadCacheTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly ReadCache<Guid, string> _names = new(TimeSpan.FromMinutes(5), CachedTable.Accounts);
    private Guid _accountId;
    private int _reads;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _accountId = (await _database.AddAccountsAsync("Shop"))[0];
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Get_OfAnUnchangedTable_ReadsTheDatabaseOnce()
    {
        Assert.Equal("Shop", await NameAsync());
        Assert.Equal("Shop", await NameAsync());

        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task Get_AfterASave_ReadsTheNewValue()
    {
        var settings = new AccountSettings(_database.CreateFactory(), new AccountCache(_database.CreateFactory(), Options.Create(new DatabaseOptions())));
        Assert.Equal("en-US", (await settings.GetAsync(_accountId)).Culture);

        await settings.SaveAsync(_accountId, "de-DE", null);

        Assert.Equal("de-DE", (await settings.GetAsync(_accountId)).Culture);
    }

    [Fact]
    public async Task Get_AfterAStatementOutsideSaveChanges_ReadsTheNewValue()
    {
        await NameAsync();

        await RenameAsync("Shop Ltd");

        Assert.Equal("Shop Ltd", await NameAsync());
    }

    [Fact]
    public async Task Get_DuringAnUncommittedWrite_IsNotKeptPastTheCommit()
    {
        await using var writer = _database.CreateContext();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlAsync($"UPDATE \"Accounts\" SET \"Name\" = {"Shop Ltd"} WHERE \"Id\" = {_accountId}");

        Assert.Equal("Shop", await NameAsync());
        await transaction.CommitAsync();

        Assert.Equal("Shop Ltd", await NameAsync());
    }

    [Fact]
    public async Task Get_OfAnotherTablesWrite_KeepsTheValue()
    {
        await NameAsync();

        await using (var db = _database.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE \"Messages\" SET \"Subject\" = 'x' WHERE 0");
        }

        await NameAsync();
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task Get_OlderThanTheMaxAge_ReadsAgain()
    {
        var uncached = new ReadCache<Guid, string>(TimeSpan.Zero, CachedTable.Accounts);

        await uncached.GetAsync(_accountId, ReadNameAsync);
        await uncached.GetAsync(_accountId, ReadNameAsync);

        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task Get_ConcurrentMisses_ShareOneRead_AndOneCallersCancellationLeavesTheOthers()
    {
        var release = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<string?> Slow(Guid _)
        {
            Interlocked.Increment(ref _reads);
            return release.Task;
        }

        using var cancelled = new CancellationTokenSource();
        var first = _names.GetAsync(_accountId, Slow, cancelled.Token);
        var second = _names.GetAsync(_accountId, Slow);
        await cancelled.CancelAsync();
        release.SetResult("Shop");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("Shop", await second);
        Assert.Equal("Shop", await _names.GetAsync(_accountId, Slow));
        Assert.Equal(1, _reads);
    }

    [Fact]
    public async Task Get_OfAFailedRead_ReadsAgainNextTime()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _names.GetAsync(_accountId, _ => throw new InvalidOperationException("down")));

        Assert.Equal("Shop", await NameAsync());
    }

    private Task<string?> NameAsync() => _names.GetAsync(_accountId, ReadNameAsync);

    private async Task<string?> ReadNameAsync(Guid id)
    {
        Interlocked.Increment(ref _reads);
        await using var db = _database.CreateContext();
        return await db.Accounts.Where(a => a.Id == id).Select(a => a.Name).FirstOrDefaultAsync();
    }

    private async Task RenameAsync(string name)
    {
        await using var db = _database.CreateContext();
        await db.Accounts.Where(a => a.Id == _accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, name));
    }
}
