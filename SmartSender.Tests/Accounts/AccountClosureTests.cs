using SmartSender.Core.Accounts;
using SmartSender.Core.Closure;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Accounts;

public class AccountClosureTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero));
    private AccountClosure _closure = default!;
    private Guid _shop;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _shop = (await _database.AddAccountsAsync("Shop"))[0];
        _closure = new AccountClosure(_database.CreateFactory(), _clock);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Request_NeedsAReasonAndTheAccountsNameTyped_AndChangesNothingWithout()
    {
        var refused = await _closure.RequestAsync(_shop, " ", "shop", "ann@shop.test");

        Assert.Equal(["closure_reason_required", "closure_name_mismatch"], refused.Errors.Select(e => e.Code));
        Assert.Equal("Type the account's name, Shop, to confirm.", refused.Errors[1].Message);
        Assert.Empty(await _closure.ListRequestsAsync());
    }

    [Fact]
    public async Task Request_ForTheOperatorsOwnAccount_IsRefused()
    {
        var operatorAccount = Account.ForOperator("Mail Ops", _clock.GetUtcNow().UtcDateTime);
        await using (var db = _database.CreateContext())
        {
            db.Accounts.Add(operatorAccount);
            await db.SaveChangesAsync();
        }

        var refused = await _closure.RequestAsync(operatorAccount.Id, "Tidying up", "Mail Ops", "root@ops.test");

        Assert.Equal("operator_account", Assert.Single(refused.Errors).Code);
        Assert.Empty(await _closure.ListRequestsAsync());
    }

    [Fact]
    public async Task Request_QueuesTheAccountForSupport_OnceOnly_AndTheOwnerCanTakeItBack()
    {
        var requested = await _closure.RequestAsync(_shop, "We moved to another provider", "Shop", "ann@shop.test");
        var again = await _closure.RequestAsync(_shop, "Twice", "Shop", "ann@shop.test");
        var queue = await _closure.ListRequestsAsync();
        var cancelled = await _closure.CancelAsync(_shop);
        var cancelledAgain = await _closure.CancelAsync(_shop);

        Assert.True(requested.Succeeded);
        Assert.Equal("closure_already_requested", Assert.Single(again.Errors).Code);
        var request = Assert.Single(queue);
        Assert.Equal(("Shop", "We moved to another provider", "ann@shop.test", new DateTime(2026, 11, 29, 9, 0, 0, DateTimeKind.Utc), 0),
            (request.Name, request.Reason, request.RequestedBy, request.RequestedAt, request.QueuedMessages));
        Assert.True(cancelled.Succeeded);
        Assert.Null(cancelled.Value!.ClosureRequestedAt);
        Assert.Equal("closure_not_requested", Assert.Single(cancelledAgain.Errors).Code);
        Assert.Empty(await _closure.ListRequestsAsync());
    }
}
