using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Suppressions;

public abstract class SuppressionListTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly TestDatabase _database = new(provider);
    private SuppressionList _list = default!;
    private Guid _accountId;
    private Guid _otherAccountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        (_accountId, _otherAccountId) = await _database.AddAccountsAsync("Shop", "Other") switch { var ids => (ids[0], ids[1]) };
        _list = new SuppressionList(_database.CreateFactory(), TimeProvider.System);
        await _list.AddAsync(_accountId, "gone@example.test", SuppressionReason.HardBounce, "550 5.1.1", null);
        await _list.AddAsync(_accountId, "angry@example.test", SuppressionReason.Complaint, "abuse", null);
        await _list.AddAsync(_accountId, "done@shop.example", SuppressionReason.Unsubscribe, "one-click", null);
        await _list.AddAsync(_otherAccountId, "gone@example.test", SuppressionReason.HardBounce, "550 5.1.1", null);
    }

    public Task DisposeAsync()
    {
        _list.Dispose();
        return _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task Reason_OfEachListedAddress_ForItsAccountOnly_AndEntriesAddedOrRemovedSinceAreSeenAtOnce()
    {
        var listed = await _list.ListAsync(_accountId);

        foreach (var entry in listed)
        {
            Assert.Equal((entry.Reason, entry.CreatedAt), await _list.ReasonAsync(_accountId, entry.Address.ToUpperInvariant()));
        }

        Assert.Equal(DateTimeKind.Utc, (await _list.ReasonAsync(_accountId, "gone@example.test"))!.Value.CreatedAt.Kind);
        Assert.Null(await _list.ReasonAsync(_otherAccountId, "angry@example.test"));
        Assert.Null(await _list.ReasonAsync(_accountId, "new@example.test"));

        // Asked from many callers at once, over the pool's open connections; then the list changes under them.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => _list.ReasonAsync(_accountId, i % 2 == 0 ? "angry@example.test" : "new@example.test"))));
        Assert.All(answers.Where((_, i) => i % 2 == 0), a => Assert.Equal(SuppressionReason.Complaint, a!.Value.Reason));
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.Null(a));
        await _list.AddManualAsync(_accountId, "new@example.test", "asked by phone");
        await _list.RemoveAsync(_accountId, "gone@example.test", "support@shop.example", isAdmin: false, "bounced by mistake");

        Assert.Equal(SuppressionReason.Manual, (await _list.ReasonAsync(_accountId, "new@example.test"))!.Value.Reason);
        Assert.Null(await _list.ReasonAsync(_accountId, "gone@example.test"));
        Assert.Equal(SuppressionReason.HardBounce, (await _list.ReasonAsync(_otherAccountId, "gone@example.test"))!.Value.Reason);
    }

    [SkippableFact]
    public async Task Search_MatchesPartOfTheAddress_FiltersByReason_AndNeverShowsAnotherAccount()
    {
        var byText = await _list.SearchAsync(_accountId, "EXAMPLE.test", null, 0, 50);
        var complaints = await _list.SearchAsync(_accountId, null, SuppressionReason.Complaint, 0, 50);
        var secondPage = await _list.SearchAsync(_accountId, null, null, 1, 2);

        Assert.Equal(["angry@example.test", "gone@example.test"], byText.Items.Select(s => s.Address).Order());
        Assert.Equal("angry@example.test", Assert.Single(complaints.Items).Address);
        Assert.Equal(3, secondPage.Total);
        Assert.Single(secondPage.Items);
    }

    [SkippableTheory]
    [InlineData("not an address")]
    [InlineData("Ann <ann@example.test>")]
    [InlineData("")]
    public async Task AddManual_RefusesWhatIsNotABareAddress(string address)
    {
        var added = await _list.AddManualAsync(_accountId, address, null);

        Assert.Equal("address_invalid", Assert.Single(added.Errors).Code);
    }

    [SkippableFact]
    public async Task Remove_AComplaint_NeedsAnAdminAndAReason_AndEveryRemovalIsKept()
    {
        var byMember = await _list.RemoveAsync(_accountId, "angry@example.test", "dev@shop.example", isAdmin: false, why: "customer asked");
        var byAdminWithoutReason = await _list.RemoveAsync(_accountId, "angry@example.test", "admin@operator.test", isAdmin: true, why: " ");
        var byAdmin = await _list.RemoveAsync(_accountId, "angry@example.test", "admin@operator.test", isAdmin: true, why: "complaint sent by mistake, confirmed by phone");
        var bounce = await _list.RemoveAsync(_accountId, "GONE@example.test", "dev@shop.example", isAdmin: false, why: null);

        Assert.Equal("complaint_admin_only", Assert.Single(byMember.Errors).Code);
        Assert.Equal("reason_required", Assert.Single(byAdminWithoutReason.Errors).Code);
        Assert.True(byAdmin.Succeeded);
        Assert.True(bounce.Succeeded);
        Assert.Null(await _list.FindAsync(_accountId, "angry@example.test"));
        Assert.NotNull(await _list.FindAsync(_otherAccountId, "gone@example.test"));
        await using var db = _database.CreateContext();
        var removals = await db.SuppressionRemovals.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(
            [("angry@example.test", SuppressionReason.Complaint, "admin@operator.test", "complaint sent by mistake, confirmed by phone"), ("gone@example.test", SuppressionReason.HardBounce, "dev@shop.example", null)],
            removals.Select(r => (r.Address, r.Reason, r.RemovedBy, r.Why)));
    }
}

public sealed class SuppressionListOnSqliteTests() : SuppressionListTests(DatabaseProvider.Sqlite);

public sealed class SuppressionListOnPostgresTests() : SuppressionListTests(DatabaseProvider.Postgres);
