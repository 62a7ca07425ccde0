using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The pump renews its claims on PostgreSQL without waiting for a message whose row another transaction holds (its
/// outcome being written): the others are renewed at once, and the held one keeps its claim as it was.
/// </summary>
public sealed class ClaimRenewalTests(TestDnsServer dns) : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly TestDatabase _database = new(DatabaseProvider.Postgres);
    // Whole seconds, which PostgreSQL's microseconds keep exactly.
    private readonly FixedClock _clock = new(new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero));
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _services = _database.CreateServices(s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddDeliveryStack(new DomainTestContext(_database, dns));
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [SkippableFact]
    public async Task ARenewal_PassesOverAMessageWhoseRowIsHeld_AndRenewsTheRest()
    {
        var account = (await _database.AddAccountsAsync("Shop"))[0];
        var now = _clock.Now.UtcDateTime;
        await using (var db = _database.CreateContext())
        {
            db.Messages.AddRange(Enumerable.Range(0, 3).Select(i => new MessageBuilder().For(account).To($"r{i}@example.test").QueuedAt(now.AddSeconds(-i - 1)).Build()));
            await db.SaveChangesAsync();
        }

        var queue = _services.GetRequiredService<DeliveryQueue>();
        var claimId = Guid.NewGuid();
        var claimed = await queue.ClaimAsync(claimId, 10, TimeSpan.FromMinutes(1));
        Assert.Equal(3, claimed.Count);
        var held = claimed[0].Id;

        await using var writer = _database.CreateContext();
        await using var outcome = await writer.Database.BeginTransactionAsync();
        await writer.Database.ExecuteSqlAsync($"""SELECT 1 FROM "Messages" WHERE "Id" = {held} FOR UPDATE""");
        _clock.Now = _clock.Now.AddSeconds(20);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await queue.RenewAsync(claimId, TimeSpan.FromMinutes(1), patience.Token);
        await outcome.CommitAsync();

        await using var read = _database.CreateContext();
        var until = await read.Messages.ToDictionaryAsync(m => m.Id, m => m.ClaimedUntil);
        Assert.Equal(now.AddMinutes(1), until[held]);
        Assert.All(claimed.Skip(1), m => Assert.Equal(now.AddSeconds(20).AddMinutes(1), until[m.Id]));
    }
}
