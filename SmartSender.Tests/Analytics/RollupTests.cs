using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Analytics;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Analytics;

/// <summary>
/// The rollups the dashboard reads must always agree with the raw events. A random mix of events, saved in
/// batches of random size, with late events (times before ones already stored) and duplicates (the same hit
/// twice), is compared bucket by bucket with counts made here from the raw table.
/// </summary>
public abstract class RollupTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Domains = ["shop.example", "news.example"];
    private static readonly string[] Providers = ["Gmail", "Outlook", "Yahoo"];
    private static readonly string[] Tags = ["welcome", "promo", "reset"];
    private static readonly string[] Links = ["https://shop.example/a", "https://shop.example/b?x=1"];
    private static readonly Guid[] Templates = [Guid.Empty, Guid.NewGuid(), Guid.NewGuid()];
    private readonly TestDatabase _database = new(provider);

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [SkippableTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomEvents_LateAndDuplicate_RollupsAgreeWithRawEventsInEveryBucket(int seed)
    {
        var random = new Random(seed);
        var accounts = await _database.AddAccountsAsync("Shop", "Other");
        var ids = await AddMessagesAsync(random, accounts, 30);

        for (var saved = 0; saved < 700;)
        {
            var batch = random.Next(1, 25);
            await using var db = _database.CreateContext();
            var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToListAsync();
            for (var i = 0; i < batch; i++)
            {
                Happen(random, messages[random.Next(messages.Count)]);
            }

            await db.SaveChangesAsync();
            saved += batch;
        }

        await AssertAgreeAsync();
        Assert.True(await CountAsync(MessageEventType.Opened) > 50, "the mix has opens");
    }

    [SkippableFact]
    public async Task Rebuild_FromRawEvents_GivesTheSameRollupsAsIncrementalCounting()
    {
        var random = new Random(7);
        var accounts = await _database.AddAccountsAsync("Shop");
        var ids = await AddMessagesAsync(random, accounts, 20);
        for (var round = 0; round < 40; round++)
        {
            await using var db = _database.CreateContext();
            var messages = await db.Messages.Where(m => ids.Contains(m.Id)).ToListAsync();
            for (var i = 0; i < 10; i++)
            {
                Happen(random, messages[random.Next(messages.Count)]);
            }

            await db.SaveChangesAsync();
        }

        var incremental = await RollupsAsync();
        await using (var db = _database.CreateContext())
        {
            foreach (var statement in RollupRebuild.StatementsFor(db))
            {
                await db.Database.ExecuteSqlRawAsync(statement);
            }
        }

        Assert.Equal(incremental.Hourly, (await RollupsAsync()).Hourly);
        Assert.Equal(incremental.Daily, (await RollupsAsync()).Daily);
        await AssertAgreeAsync();
    }

    [SkippableFact]
    public async Task FirstOpen_ArrivingLate_MovesTheUniqueOpenToItsHour()
    {
        var accounts = await _database.AddAccountsAsync("Shop");
        var id = (await AddMessagesAsync(new Random(1), accounts, 1))[0];
        await RecordAsync(id, m => m.RecordTracking(MessageEventType.Opened, "later", false, Start.AddHours(5)));
        await RecordAsync(id, m => m.RecordTracking(MessageEventType.Opened, "earlier, reported late", false, Start.AddHours(2)));
        await RecordAsync(id, m => m.RecordTracking(MessageEventType.Opened, "scanner", true, Start.AddHours(1)));

        await using var db = _database.CreateContext();
        var opens = await db.HourlyRollups.Where(r => r.Type == MessageEventType.Opened && r.Tag == "")
            .Select(r => new { r.Bucket, r.Machine, r.Count, r.Uniques }).OrderBy(r => r.Bucket).ToListAsync();
        Assert.Equal(
            [(Start.AddHours(1), true, 1L, 0L), (Start.AddHours(2), false, 1L, 1L), (Start.AddHours(5), false, 1L, 0L)],
            opens.Select(r => (r.Bucket, r.Machine, r.Count, r.Uniques)));
        var daily = await db.DailyRollups.Where(r => r.Type == MessageEventType.Opened && r.Tag == "" && !r.Machine).SingleAsync();
        Assert.Equal((2L, 1L), (daily.Count, daily.Uniques));
    }

    [SkippableFact]
    public async Task EventsSavedWithTheirMessage_GetTheirStoredKeys_AndAreStoredOnce_WhenTheContextSavesAgain()
    {
        var accounts = await _database.AddAccountsAsync("Shop");
        var id = (await AddMessagesAsync(new Random(2), accounts, 1))[0];
        await using var db = _database.CreateContext();
        var message = await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == id);
        message.RecordTracking(MessageEventType.Opened, "first", false, Start.AddHours(30));
        message.RecordTracking(MessageEventType.Clicked, "link", false, Start.AddHours(31), "https://shop.example/a");
        message.RecordFeedback(MessageEventType.Complained, EventSource.Arf, "abuse report", Start.AddHours(32));

        await db.SaveChangesAsync();
        var saved = message.Events.Where(e => e.OccurredAt >= Start.AddHours(30)).ToList();
        message.RecordTracking(MessageEventType.Opened, "again", false, Start.AddHours(33));
        await db.SaveChangesAsync();
        await db.SaveChangesAsync();

        Assert.All(saved, e => Assert.Equal(EntityState.Unchanged, db.Entry(e).State));
        await using var fresh = _database.CreateContext();
        var stored = await fresh.MessageEvents.Where(e => e.MessageId == id).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([MessageEventType.Queued, MessageEventType.Opened, MessageEventType.Clicked, MessageEventType.Complained, MessageEventType.Opened], stored.Select(e => e.Type));
        Assert.Equal(stored.Skip(1).Take(3).Select(e => (e.Id, e.Type, e.Detail)), saved.Select(e => (e.Id, e.Type, e.Detail)));
        Assert.Equal(Start.AddHours(30), (await fresh.Messages.SingleAsync(m => m.Id == id)).FirstOpenedAt);
        await AssertAgreeAsync();
    }

    private async Task RecordAsync(Guid id, Action<Message> happen)
    {
        await using var db = _database.CreateContext();
        happen(await db.Messages.SingleAsync(m => m.Id == id));
        await db.SaveChangesAsync();
    }

    private async Task<List<Guid>> AddMessagesAsync(Random random, Guid[] accounts, int count)
    {
        await using var db = _database.CreateContext();
        var messages = Enumerable.Range(0, count).Select(i =>
        {
            var valid = new SendRequestBuilder().From($"app@{Domains[random.Next(Domains.Length)]}").BuildValid() with
            {
                Stream = random.Next(2) == 0 ? MessageStream.Transactional : MessageStream.Marketing,
                TemplateId = Templates[random.Next(Templates.Length)] is var t && t != Guid.Empty ? t : null,
                Tags = [.. Tags.Where(_ => random.Next(3) == 0)],
            };
            return Message.Queue(accounts[i % accounts.Length], valid, MessageToken.New(TimeProvider.System.GetUtcNow()), Start.AddMinutes(random.Next(60 * 24)));
        }).ToList();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
        return [.. messages.Select(m => m.Id)];
    }

    /// <summary>One random thing happening to a message, at a random time in a week: some times fall before events already stored.</summary>
    private static void Happen(Random random, Message message)
    {
        var at = Start.AddMinutes(random.Next(60 * 24 * 7)).AddSeconds(random.Next(60));
        switch (random.Next(8))
        {
            case 0:
                message.AssignLane($"127.0.0.{random.Next(1, 3)}|{Providers[random.Next(Providers.Length)]}");
                break;
            case 1 when message.Status == MessageStatus.Queued:
                message.MarkDeferred("421 4.7.0 try later", at.AddMinutes(5), at);
                break;
            case 2:
                message.RecordFeedback(random.Next(2) == 0 ? MessageEventType.HardBounced : MessageEventType.SoftBounced, EventSource.Dsn, "bounce", at,
                    random.Next(2) == 0 ? "UserUnknown" : "MailboxFull");
                break;
            case 3:
                // The same click reported twice (a duplicate delivery of one hit) counts twice, as the raw table does.
                var link = Links[random.Next(Links.Length)];
                message.RecordTracking(MessageEventType.Clicked, link, random.Next(4) == 0, at, link);
                message.RecordTracking(MessageEventType.Clicked, link, random.Next(4) == 0, at, link);
                break;
            case 4 or 5:
                message.RecordTracking(MessageEventType.Opened, "pixel", random.Next(4) == 0, at);
                break;
            case 6:
                message.RecordTracking(random.Next(2) == 0 ? MessageEventType.Unsubscribed : MessageEventType.Complained, null, false, at);
                break;
            default:
                message.RecordFeedback(MessageEventType.DeliveryConfirmed, EventSource.Dsn, "2.0.0", at);
                break;
        }
    }

    private async Task AssertAgreeAsync()
    {
        var expected = await ExpectedFromRawAsync();
        var actual = await RollupsAsync();
        Assert.Equal(expected.Hourly, actual.Hourly);
        Assert.Equal(expected.Daily, actual.Daily);

        // The totals tables are the same counts without stream, template, reason and link.
        static SortedDictionary<string, (long, long)> WithoutDetail(SortedDictionary<string, (long, long)> rows) => new(
            rows.GroupBy(r => string.Join("|", r.Key.Split('|')[..7]))
                .ToDictionary(g => g.Key, g => (g.Sum(r => r.Value.Item1), g.Sum(r => r.Value.Item2))),
            StringComparer.Ordinal);
        await using var db = _database.CreateContext();
        static string Key(SmartSender.Core.Analytics.Rollups.TotalRollup r) => $"{r.AccountId}|{r.Bucket:O}|{r.Tag}|{r.Type}|{r.Machine}|{r.Domain}|{r.Provider}";
        var hourlyTotals = (await db.HourlyTotals.AsNoTracking().ToListAsync()).Where(r => r.Count != 0 || r.Uniques != 0).ToDictionary(Key, r => (r.Count, r.Uniques));
        var dailyTotals = (await db.DailyTotals.AsNoTracking().ToListAsync()).Where(r => r.Count != 0 || r.Uniques != 0).ToDictionary(Key, r => (r.Count, r.Uniques));
        Assert.Equal(WithoutDetail(expected.Hourly), new SortedDictionary<string, (long, long)>(hourlyTotals, StringComparer.Ordinal));
        Assert.Equal(WithoutDetail(expected.Daily), new SortedDictionary<string, (long, long)>(dailyTotals, StringComparer.Ordinal));
    }

    private async Task<int> CountAsync(MessageEventType type)
    {
        await using var db = _database.CreateContext();
        return await db.MessageEvents.CountAsync(e => e.Type == type);
    }

    private async Task<(SortedDictionary<string, (long, long)> Hourly, SortedDictionary<string, (long, long)> Daily)> RollupsAsync()
    {
        await using var db = _database.CreateContext();
        static string Key(Rollup r) =>
            $"{r.AccountId}|{r.Bucket:O}|{r.Tag}|{r.Type}|{r.Machine}|{r.Domain}|{r.Provider}|{r.Stream}|{r.TemplateId}|{r.Reason}|{r.Link}";
        var hourly = await db.HourlyRollups.AsNoTracking().ToListAsync();
        var daily = await db.DailyRollups.AsNoTracking().ToListAsync();
        return (
            new SortedDictionary<string, (long, long)>(hourly.Where(r => r.Count != 0 || r.Uniques != 0).ToDictionary(Key, r => (r.Count, r.Uniques)), StringComparer.Ordinal),
            new SortedDictionary<string, (long, long)>(daily.Where(r => r.Count != 0 || r.Uniques != 0).ToDictionary(Key, r => (r.Count, r.Uniques)), StringComparer.Ordinal));
    }

    /// <summary>The rollups' definition, counted straight from the raw events: each event in its hour and day, for all mail and per tag; a person's first open and click of a message (lowest id among equal times) unique.</summary>
    private async Task<(SortedDictionary<string, (long, long)> Hourly, SortedDictionary<string, (long, long)> Daily)> ExpectedFromRawAsync()
    {
        await using var db = _database.CreateContext();
        var events = await db.MessageEvents.AsNoTracking().ToListAsync();
        var messages = await db.Messages.AsNoTracking().ToDictionaryAsync(m => m.Id);
        var firsts = events.Where(e => !e.Machine && e.Type is MessageEventType.Opened or MessageEventType.Clicked)
            .GroupBy(e => (e.MessageId, e.Type)).Select(g => g.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).First().Id).ToHashSet();
        var hourly = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
        var daily = new SortedDictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var m = messages[e.MessageId];
            var tags = new[] { "" }.Concat(System.Text.Json.JsonSerializer.Deserialize<string[]>(m.TagsJson ?? "[]")!).Distinct();
            var hour = new DateTime(e.OccurredAt.Year, e.OccurredAt.Month, e.OccurredAt.Day, e.OccurredAt.Hour, 0, 0, DateTimeKind.Utc);
            foreach (var tag in tags)
            {
                foreach (var (table, bucket) in new[] { (hourly, hour), (daily, hour.Date) })
                {
                    var key = $"{m.AccountId}|{bucket:O}|{tag}|{e.Type}|{e.Machine}|{m.SendingDomain}|{e.Provider}|{m.Stream}|{m.TemplateId ?? Guid.Empty}|{e.Reason}|{e.Link}";
                    var (count, uniques) = table.GetValueOrDefault(key);
                    table[key] = (count + 1, uniques + (firsts.Contains(e.Id) ? 1 : 0));
                }
            }
        }

        return (hourly, daily);
    }
}

public sealed class RollupOnSqliteTests() : RollupTests(DatabaseProvider.Sqlite);

public sealed class RollupOnPostgresTests() : RollupTests(DatabaseProvider.Postgres);
