using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Analytics;

public class MessageVolumeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 40, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();
    private Guid _accountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var db = _database.CreateContext();
        var account = new Account("Shop", Now.UtcDateTime);
        var other = new Account("Other", Now.UtcDateTime);
        db.Accounts.AddRange(account, other);
        var request = new SendRequestBuilder().BuildValid();
        DateTime At(int hoursAgo, int minute) => Now.UtcDateTime.Date.AddHours(15 - hoursAgo).AddMinutes(minute);
        db.Messages.AddRange(
            Message.Queue(account.Id, request, MessageToken.New(), At(0, 5)),
            Message.Queue(account.Id, request, MessageToken.New(), At(0, 39)),
            Message.Queue(account.Id, request, MessageToken.New(), At(3, 0)),
            Message.Queue(account.Id, request, MessageToken.New(), At(23, 59)),
            Message.Queue(account.Id, request, MessageToken.New(), At(24, 59)),
            Message.Queue(other.Id, request, MessageToken.New(), At(0, 10)));
        var failed = Message.Queue(account.Id, request, MessageToken.New(), At(1, 0));
        failed.MarkFailed("550 no", At(1, 1));
        db.Messages.Add(failed);
        await db.SaveChangesAsync();
        _accountId = account.Id;
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task PerHour_GivesTwentyFourBucketsEndingWithTheCurrentHour()
    {
        var volume = new MessageVolume(_database.CreateFactory(), new FixedClock(Now));

        var hours = await volume.PerHourAsync(_accountId, 24);

        Assert.Equal(24, hours.Count);
        Assert.Equal(new DateTime(2026, 11, 28, 15, 0, 0, DateTimeKind.Utc), hours[^1].Hour);
        Assert.Equal(new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc), hours[0].Hour);
        Assert.Equal(2, hours[^1].Count);
        Assert.Equal(1, hours[^2].Count);
        Assert.Equal(1, hours[^4].Count);
        Assert.Equal(1, hours[0].Count);
        Assert.Equal(5, hours.Sum(h => h.Count));
    }

    [Fact]
    public async Task StatusSince_CountsOnlyThisAccountsMessagesByState()
    {
        var volume = new MessageVolume(_database.CreateFactory(), new FixedClock(Now));

        var counts = await volume.StatusSinceAsync(_accountId, new DateTime(2026, 11, 27, 16, 0, 0, DateTimeKind.Utc));

        Assert.Equal(new StatusCounts(Queued: 4, Sent: 0, Failed: 1), counts);
    }
}
