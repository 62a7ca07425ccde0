using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Common;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Messages;

/// <summary>
/// The queue writer stores messages with its own prepared statements, not SaveChanges. The same messages stored
/// both ways must leave the same rows, column by column: messages, events, attachments and all four rollup tables.
/// </summary>
public abstract class QueueWriterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
    private readonly TwinDatabases _twins = new(provider);

    public Task InitializeAsync() => _twins.InitializeAsync();

    public Task DisposeAsync() => _twins.DisposeAsync();

    [SkippableFact]
    public async Task VariedMessages_StoredByTheWriter_LeaveTheRowsSaveChangesLeaves()
    {
        var accounts = new[] { new Account("Shop", Start), new Account("Other", Start) };
        foreach (var database in new[] { _twins.BySaveChanges, _twins.ByWriter })
        {
            await using var db = database.CreateContext();
            db.Accounts.AddRange(accounts.Select(a => new Account(a.Name, a.CreatedAt)));
            await db.SaveChangesAsync();
        }

        // The two databases' accounts differ in id; the messages are built once per database with the same choices.
        var bySaveChanges = await TwinDatabases.AccountIdsAsync(_twins.BySaveChanges);
        var byWriter = await TwinDatabases.AccountIdsAsync(_twins.ByWriter);
        var template = Guid.NewGuid();
        var viaSaveChanges = Varied(bySaveChanges, template);
        var viaWriter = Varied(byWriter, template);

        await using (var db = _twins.BySaveChanges.CreateContext())
        {
            db.Messages.AddRange(viaSaveChanges);
            await db.SaveChangesAsync();
        }

        var writer = NewWriter(_twins.ByWriter);
        await Task.WhenAll(viaWriter.Select(m => writer.StoreAsync(m)));

        // Ids differ between the two builds (accounts, and the random part of each message id): compared as the other's.
        var ids = bySaveChanges.Zip(byWriter).Concat(viaSaveChanges.Zip(viaWriter, (a, b) => (a.Id, b.Id))).ToDictionary(p => p.Item1, p => p.Item2);
        await _twins.AssertSameRowsAsync(ids, "Messages", "MessageEvents", "MessageAttachment", "HourlyRollups", "DailyRollups", "HourlyTotals", "DailyTotals");
    }

    [SkippableFact]
    public async Task AStoredMessage_ReadsBackThroughEfAsItWasQueued()
    {
        var account = (await _twins.ByWriter.AddAccountsAsync("Shop"))[0];
        var message = Varied([account], Guid.NewGuid()).First(m => m.Attachments.Count > 0 && m.ReplyTo is not null);
        var writer = NewWriter(_twins.ByWriter);

        await writer.StoreAsync(message);

        await using var db = _twins.ByWriter.CreateContext();
        var stored = await db.Messages.Include(m => m.Events).Include(m => m.Attachments).SingleAsync(m => m.Id == message.Id);
        Assert.Equal((message.From, message.To, message.Subject, message.TextBody, message.HtmlBody, message.ReplyTo), (stored.From, stored.To, stored.Subject, stored.TextBody, stored.HtmlBody, stored.ReplyTo));
        Assert.Equal((message.Stream, message.Status, message.NextAttemptAt, message.CreatedAt, message.SendAt), (stored.Stream, stored.Status, stored.NextAttemptAt, stored.CreatedAt, stored.SendAt));
        Assert.Equal(DateTimeKind.Utc, stored.CreatedAt.Kind);
        Assert.Equal((message.HeadersJson, message.TagsJson, message.MetadataJson, message.ContentHitsJson), (stored.HeadersJson, stored.TagsJson, stored.MetadataJson, stored.ContentHitsJson));
        Assert.Equal(MessageEventType.Queued, Assert.Single(stored.Events).Type);
        Assert.True(stored.Events[0].Id > 0);
        Assert.Equal(message.Attachments.Select(a => (a.Filename, a.ContentType, Convert.ToHexString(a.Content))), stored.Attachments.Select(a => (a.Filename, a.ContentType, Convert.ToHexString(a.Content))));
    }

    [SkippableFact]
    public async Task QueuedMessages_CountForTheQuotaAtOnce_WhoeverStoredThem()
    {
        var account = (await _twins.ByWriter.AddAccountsAsync("Shop"))[0];
        var contexts = _twins.ByWriter.CreateFactory();
        var cached = Options.Create(new DatabaseOptions { CacheTime = TimeSpan.FromHours(1) });
        var reads = new QuotaReads(contexts, new AccountCache(contexts, cached), cached);
        var uncached = Options.Create(new DatabaseOptions { CacheTime = TimeSpan.Zero });
        var truth = new QuotaReads(contexts, new AccountCache(contexts, uncached), uncached);
        var writer = new QueueWriter(contexts, reads, NullLogger<QueueWriter>.Instance);
        var messages = Varied([account], Guid.NewGuid());
        Assert.Equal(0, (await reads.QueuedSinceAsync(account, Start, default)).Used);

        await Task.WhenAll(messages.Take(10).Select(m => writer.StoreAsync(m)));
        Assert.Equal(10, (await reads.QueuedSinceAsync(account, Start, default)).Used);

        // Saved through EF (as the reputation seeding and any other writer do): the quota reads its counts again.
        await using (var db = _twins.ByWriter.CreateContext())
        {
            db.Messages.Add(messages[10]);
            await db.SaveChangesAsync();
        }

        Assert.Equal(11, (await reads.QueuedSinceAsync(account, Start, default)).Used);
        await Task.WhenAll(messages.Skip(11).Take(5).Select(m => writer.StoreAsync(m)));
        var counted = await reads.QueuedSinceAsync(account, Start, default);
        Assert.Equal(16, counted.Used);
        Assert.Equal((await truth.QueuedSinceAsync(account, Start, default)).Hours, counted.Hours);
    }

    private static QueueWriter NewWriter(TestDatabase database)
    {
        var contexts = database.CreateFactory();
        var options = Options.Create(new DatabaseOptions());
        return new QueueWriter(contexts, new QuotaReads(contexts, new AccountCache(contexts, options), options), NullLogger<QueueWriter>.Instance);
    }

    /// <summary>Forty messages covering every column: streams, templates, tags, headers, metadata, attachments, schedules, reviews, non-ASCII text.</summary>
    private static List<Message> Varied(IReadOnlyList<Guid> accounts, Guid template)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, 40).Select(i =>
        {
            var valid = new SendRequestBuilder().From(i % 3 == 0 ? "Åsa Shop <orders@shop.test>" : "app@news.test").To($"user{i}@example.test")
                .Subject(i % 4 == 0 ? $"Grüße, order {i} ✓" : $"Order {i}").Html(i % 5 == 0 ? null : i % 9 == 4 ? $"<p>Order <b>{i}</b></p>{string.Concat(Enumerable.Repeat("<p>A long newsletter paragraph.</p>", 2_000))}" : $"<p>Order <b>{i}</b></p>").BuildValid() with
            {
                Stream = i % 2 == 0 ? MessageStream.Marketing : MessageStream.Transactional,
                TemplateId = i % 3 == 1 ? template : null,
                Tags = [.. new[] { "welcome", "promo", "reset" }.Where(_ => random.Next(3) == 0)],
                Headers = i % 4 == 1 ? new Dictionary<string, string> { ["X-Campaign"] = $"c{i}" } : new Dictionary<string, string>(),
                Metadata = i % 5 == 2 ? new Dictionary<string, string> { ["order"] = $"{i}", ["note"] = "naïve" } : new Dictionary<string, string>(),
                ReplyTo = i % 6 == 0 ? "help@shop.test" : null,
                SendAt = i % 7 == 3 ? Start.AddDays(1).AddMinutes(i) : null,
                // Large bodies and attachments (every ninth) go through a statement of their own; the rest through the kept one.
                Attachments = i % 6 == 0 ? [new ValidAttachment($"invoice-{i}.pdf", "application/pdf", i % 18 == 0 ? [.. Enumerable.Range(0, 40_000).Select(b => (byte)b)] : [(byte)i, 0, 255, 1])] : [],
                Tracking = new TrackingChoice(i % 2 == 0, i % 4 == 0, i % 2 == 0),
                Review = i % 8 == 0 ? new ContentVerdict(1.5, [new RuleHit("shouting", 1.5, "ALL CAPS")], false) : null,
            };
            return Message.Queue(accounts[i % accounts.Count], valid, $"token{i:D3}", Start.AddMinutes(random.Next(60 * 30)));
        })];
    }
}

public sealed class QueueWriterOnSqliteTests() : QueueWriterTests(DatabaseProvider.Sqlite);

public sealed class QueueWriterOnPostgresTests() : QueueWriterTests(DatabaseProvider.Postgres);
