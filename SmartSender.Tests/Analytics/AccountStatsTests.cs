using SmartSender.Core.Analytics.Stats;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Analytics;

public class AccountStatsTests : IAsyncLifetime
{
    private static readonly DateTime Day = new(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Welcome = Guid.NewGuid();
    private readonly TestDatabase _database = new();
    private Guid _account;
    private Guid _other;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        (_account, _other) = await _database.AddAccountsAsync("Shop", "Other") is [var a, var b] ? (a, b) : default;
        await using var db = _database.CreateContext();

        // Hour 9: three transactional welcome mails from shop.example to Gmail, tagged; two delivered, one bounced hard.
        for (var i = 0; i < 3; i++)
        {
            var m = Queue(_account, "app@shop.example", MessageStream.Transactional, Welcome, ["welcome"], Day.AddHours(9));
            m.AssignLane("127.0.0.1|Gmail");
            if (i < 2)
            {
                m.MarkDelivered("250 ok", Day.AddHours(9).AddMinutes(1));
                m.RecordTracking(MessageEventType.Opened, null, false, Day.AddHours(10));
                m.RecordTracking(MessageEventType.Opened, null, false, Day.AddHours(11));
                m.RecordTracking(MessageEventType.Clicked, null, i == 1, Day.AddHours(10), "https://shop.example/go");
            }
            else
            {
                m.MarkFailed("550 5.1.1 user unknown", "UserUnknown", Day.AddHours(9).AddMinutes(1));
            }

            db.Messages.Add(m);
        }

        // Hour 14: one marketing mail from news.example to Yahoo, deferred then delivered, then a complaint.
        var news = Queue(_account, "News <hello@news.example>", MessageStream.Marketing, null, [], Day.AddHours(14));
        news.AssignLane("127.0.0.1|Yahoo");
        news.MarkDeferred("421 4.7.0 [TSS04]", Day.AddHours(14).AddMinutes(5), Day.AddHours(14));
        news.MarkDelivered("250 ok", Day.AddHours(14).AddMinutes(6));
        news.RecordFeedback(MessageEventType.Complained, EventSource.Arf, "abuse", Day.AddHours(15));
        db.Messages.Add(news);

        // Another account's mail never counts.
        db.Messages.Add(Queue(_other, "x@other.example", MessageStream.Transactional, null, ["welcome"], Day.AddHours(9)));
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Report_ForTheDayByHour_CountsEachMeasureInItsHour()
    {
        var filter = StatsFilter.Create(Day, Day.AddDays(1)).Value!;

        var report = await new AccountStats(_database.CreateFactory()).ReportAsync(_account, filter);

        Assert.Equal(StatsBucket.Hour, filter.Bucket);
        Assert.Equal(24, report.Series.Count);
        var t = report.Totals;
        Assert.Equal((4L, 3L, 1L, 1L, 0L), (t.Submitted, t.Delivered, t.Deferred, t.HardBounced, t.SoftBounced));
        Assert.Equal((2L, 4L, 1L, 1L, 1L), (t.Opened, t.Opens, t.Clicked, t.MachineOpensAndClicks, t.Complained));
        Assert.Equal(0.75, t.DeliveryRate);
        Assert.Equal(1.0 / 3, t.ComplaintRate);
        Assert.Equal((3L, 2L, 1L), (report.Series[9].Counts.Submitted, report.Series[9].Counts.Delivered, report.Series[9].Counts.HardBounced));
        Assert.Equal((2L, 2L), (report.Series[10].Counts.Opened, report.Series[10].Counts.Opens));
        Assert.Equal((0L, 2L), (report.Series[11].Counts.Opened, report.Series[11].Counts.Opens));
        Assert.Equal(
            [new ProviderStats("Gmail", 2, 0, 1), new ProviderStats("Yahoo", 1, 1, 0)],
            report.Providers);
        Assert.Equal([new ReasonCount("UserUnknown", 1)], report.BounceReasons);
        Assert.Equal([new LinkClicks("https://shop.example/go", 1, 1)], report.TopLinks);
    }

    [Fact]
    public async Task Report_FollowsEveryFilter()
    {
        var stats = new AccountStats(_database.CreateFactory());
        var day = StatsFilter.Create(Day, Day.AddDays(1), StatsBucket.Day).Value!;

        Assert.Equal(4, (await stats.ReportAsync(_account, day)).Totals.Submitted);
        Assert.Equal(1, (await stats.ReportAsync(_account, day with { Domain = "news.example" })).Totals.Submitted);
        Assert.Equal(3, (await stats.ReportAsync(_account, day with { Stream = MessageStream.Transactional })).Totals.Submitted);
        Assert.Equal(3, (await stats.ReportAsync(_account, day with { TemplateId = Welcome })).Totals.Submitted);
        Assert.Equal(3, (await stats.ReportAsync(_account, day with { Tag = "welcome" })).Totals.Submitted);
        Assert.Equal(0, (await stats.ReportAsync(_account, day with { Tag = "welcome", Stream = MessageStream.Marketing })).Totals.Submitted);
        Assert.Equal(0, (await stats.ReportAsync(_account, day.Previous())).Totals.Submitted);
        var choices = await stats.ChoicesAsync(_account, Day.AddDays(1));
        Assert.Equal(["welcome"], choices.Tags);
        Assert.Equal(["news.example", "shop.example"], choices.Domains);
        Assert.Equal(["Gmail", "Yahoo"], choices.Providers);
        Assert.Equal(1, (await stats.ReportAsync(_other, day)).Totals.Submitted);
    }

    [Fact]
    public void Create_RefusesBadRanges_AndAlignsToBuckets()
    {
        Assert.Equal("range_invalid", StatsFilter.Create(Day, Day).Errors[0].Code);
        Assert.Equal("bucket_too_small", StatsFilter.Create(Day, Day.AddDays(40), StatsBucket.Hour).Errors[0].Code);
        Assert.Equal("range_too_long", StatsFilter.Create(Day, Day.AddDays(500)).Errors[0].Code);
        var month = StatsFilter.Create(Day.AddHours(5.5), Day.AddDays(30).AddHours(1)).Value!;
        Assert.Equal((StatsBucket.Day, Day, Day.AddDays(31)), (month.Bucket, month.From, month.To));
        var hours = StatsFilter.Create(Day.AddMinutes(30), Day.AddHours(2).AddMinutes(1)).Value!;
        Assert.Equal((Day, Day.AddHours(3), 3), (hours.From, hours.To, hours.Buckets().Count()));
    }

    private static Message Queue(Guid account, string from, MessageStream stream, Guid? template, string[] tags, DateTime at) =>
        new MessageBuilder().For(account).From(from).With(r => r with { Stream = stream, TemplateId = template, Tags = tags }).QueuedAt(at).Build();
}
