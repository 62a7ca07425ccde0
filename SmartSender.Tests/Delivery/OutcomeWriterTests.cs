using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics;
using SmartSender.Core.Common;
using SmartSender.Core.Delivery.Queue;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;
using SmartSender.Core.Quota;
using SmartSender.Core.Suppressions;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The outcome writer saves delivery outcomes with its own prepared statements, not SaveChanges. The same outcomes
/// saved both ways must leave the same rows, column by column: messages, events and all four rollup tables. Each
/// test runs with the writer committing its own batches and with the app's queue writer committing them (ADR 0025).
/// </summary>
public abstract class OutcomeWriterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
    private readonly TwinDatabases _twins = new(provider);

    public Task InitializeAsync() => _twins.InitializeAsync();

    public Task DisposeAsync() => _twins.DisposeAsync();

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryKindOfOutcome_SavedByTheWriter_LeavesTheRowsSaveChangesLeaves(bool throughTheQueueWriter)
    {
        var bySaveChanges = await QueueAsync(_twins.BySaveChanges);
        var byWriter = await QueueAsync(_twins.ByWriter);

        await using (var db = _twins.BySaveChanges.CreateContext())
        {
            var messages = await db.Messages.OrderBy(m => m.Token).ToListAsync();
            for (var i = 0; i < messages.Count; i++)
            {
                Outcome(i)(messages[i]);
            }

            await db.SaveChangesAsync();
        }

        var writer = NewWriter(throughTheQueueWriter);
        var claimed = await ClaimedAsync(_twins.ByWriter);
        await Task.WhenAll(claimed.Select((message, i) => writer.WriteAsync(message, Outcome(i))));
        await writer.CompleteAsync();

        var ids = bySaveChanges.Zip(byWriter).Concat((await TwinDatabases.AccountIdsAsync(_twins.BySaveChanges)).Zip(await TwinDatabases.AccountIdsAsync(_twins.ByWriter)))
            .ToDictionary(p => p.First, p => p.Second);
        await _twins.AssertSameRowsAsync(ids, "Messages", "MessageEvents", "HourlyRollups", "DailyRollups", "HourlyTotals", "DailyTotals");

        await using var check = _twins.ByWriter.CreateContext();
        Assert.Equal(6, await check.Messages.CountAsync(m => m.Status == MessageStatus.Delivered && m.ClaimId == null && m.Provider == "Gmail"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHardBounceWithItsSuppression_IsSavedWhole(bool throughTheQueueWriter)
    {
        var ids = await QueueAsync(_twins.ByWriter);
        var accountId = (await TwinDatabases.AccountIdsAsync(_twins.ByWriter))[0];
        var writer = NewWriter(throughTheQueueWriter);
        var claimed = await ClaimedAsync(_twins.ByWriter);

        await Task.WhenAll(
            writer.WriteAsync(claimed[0], m => m.MarkFailed("550 5.1.1 no such user", "UserUnknown", Start.AddHours(1)), new Suppression(accountId, "user0@example.test", SuppressionReason.HardBounce, "550 5.1.1", ids[0], Start.AddHours(1))),
            writer.WriteAsync(claimed[1], m => m.MarkDelivered("250 ok", Start.AddHours(1))));
        await writer.CompleteAsync();

        await using var db = _twins.ByWriter.CreateContext();
        Assert.Equal(MessageStatus.Failed, (await db.Messages.SingleAsync(m => m.Id == ids[0])).Status);
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == ids[1])).Status);
        Assert.Equal("user0@example.test", (await db.Suppressions.SingleAsync()).Address);
        Assert.Equal(2, await db.MessageEvents.CountAsync(e => e.Type == MessageEventType.Failed || e.Type == MessageEventType.Delivered));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AMessageSettledElsewhereMeanwhile_KeepsThatOutcome_AndGetsNoEventFromThisOne(bool throughTheQueueWriter)
    {
        var ids = await QueueAsync(_twins.ByWriter);
        var claimed = await ClaimedAsync(_twins.ByWriter);
        await using (var other = _twins.ByWriter.CreateContext())
        {
            // Another worker took the first message over after this one's claim lapsed, and sent it.
            var taken = await other.Messages.SingleAsync(m => m.Id == ids[0]);
            taken.MarkDelivered("250 sent by the other worker", Start.AddHours(1));
            await other.SaveChangesAsync();
        }

        var writer = NewWriter(throughTheQueueWriter);
        await Task.WhenAll(
            writer.WriteAsync(claimed[0], m => m.MarkDeferred("421 4.7.0 try later", Start.AddHours(2), Start.AddHours(1))),
            writer.WriteAsync(claimed[1], m => m.MarkDeferred("421 4.7.0 try later", Start.AddHours(2), Start.AddHours(1))));
        await writer.CompleteAsync();

        await using var db = _twins.ByWriter.CreateContext();
        var first = await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == ids[0]);
        var second = await db.Messages.Include(m => m.Events).SingleAsync(m => m.Id == ids[1]);
        Assert.Equal((MessageStatus.Delivered, "250 sent by the other worker", 1), (first.Status, first.LastReply, first.Attempts));
        Assert.DoesNotContain(first.Events, e => e.Type == MessageEventType.Deferred);
        Assert.Equal((MessageStatus.Queued, 1, Start.AddHours(2)), (second.Status, second.Attempts, second.NextAttemptAt));
        Assert.Single(second.Events, e => e.Type == MessageEventType.Deferred);
        Assert.Equal(1, await db.HourlyTotals.Where(t => t.Type == MessageEventType.Deferred).SumAsync(t => t.Count));
    }

    private OutcomeWriter NewWriter(bool throughTheQueueWriter)
    {
        var contexts = _twins.ByWriter.CreateFactory();
        var options = Options.Create(new DatabaseOptions());
        var queue = throughTheQueueWriter
            ? new QueueWriter(contexts, new QuotaReads(contexts, new AccountCache(contexts, options), options), NullLogger<QueueWriter>.Instance)
            : null;
        return new OutcomeWriter(contexts, NullLogger.Instance, queue: queue);
    }

    /// <summary>The queued messages as a worker's claim reads them (untracked, with attachments), in token order.</summary>
    private static async Task<List<Message>> ClaimedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Messages.AsNoTracking().Include(m => m.Attachments).OrderBy(m => m.Token).ToListAsync();
    }

    /// <summary>What becomes of message <paramref name="i"/>: sent, deferred, failed, expired, put off, or cancelled, on several lanes.</summary>
    private static Action<Message> Outcome(int i) => m =>
    {
        var at = Start.AddHours(2).AddMinutes(i);
        if (i % 6 != 5)
        {
            m.AssignLane($"127.0.0.{2 + i % 2}|{(i % 3 == 0 ? "Gmail" : "Outlook")}");
        }

        switch (i % 6)
        {
            case 0:
                m.MarkDelivered($"250 2.0.0 Ok: queued as {i}", at);
                break;
            case 1:
                m.MarkDeferred("421 4.7.28 try again later", at.AddMinutes(10), at);
                break;
            case 2:
                m.MarkFailed("550 5.7.1 rejected as spam", "SpamDetected", at);
                break;
            case 3:
                m.MarkExpired("452 4.2.2 mailbox full", at);
                break;
            case 4:
                m.Postpone(at.AddMinutes(30));
                break;
            default:
                m.Cancel(Message.CancelledForClosure, at);
                break;
        }
    };

    /// <summary>Thirty-six queued messages of two accounts, claimed by a worker; their ids in token order.</summary>
    private static async Task<List<Guid>> QueueAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var accounts = new[] { new Account("Other", Start), new Account("Shop", Start) };
        db.Accounts.AddRange(accounts);
        var messages = Enumerable.Range(0, 36).Select(i =>
        {
            var valid = new SendRequestBuilder().From(i % 2 == 0 ? "orders@shop.test" : "news@news.test").To($"user{i}@example.test").BuildValid() with
            {
                Stream = i % 4 == 0 ? MessageStream.Marketing : MessageStream.Transactional,
                Tags = i % 5 == 0 ? ["welcome", "promo"] : [],
            };
            return Message.Queue(accounts[i % 2].Id, valid, $"token{i:D3}", Start.AddMinutes(i));
        }).ToList();
        db.Messages.AddRange(messages);
        await db.SaveChangesAsync();
        var claim = new Guid("5d0c7f0e-8c0a-4c36-9d57-8a7d7c1f2b11");
        await db.Messages.ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimId, claim).SetProperty(m => m.ClaimedUntil, Start.AddHours(3)));
        return [.. messages.OrderBy(m => m.Token).Select(m => m.Id)];
    }
}

public sealed class OutcomeWriterOnSqliteTests() : OutcomeWriterTests(DatabaseProvider.Sqlite);

public sealed class OutcomeWriterOnPostgresTests() : OutcomeWriterTests(DatabaseProvider.Postgres);
