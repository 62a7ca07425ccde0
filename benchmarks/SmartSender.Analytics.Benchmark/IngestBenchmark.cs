using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Analytics.Benchmark;

/// <summary>
/// How fast new events are stored with their rollups, through the app's own path (message methods, then
/// SaveChangesAsync, which adds the rollups in the same transaction): batches as the tracking writer makes them,
/// and single events as a feedback report saves them.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(IDbContextFactory<SmartSenderDbContext> contexts, Guid accountId, DateTime now)
    {
        const int batches = 210;
        const int warmUp = 10;
        const int batchSize = 200;
        const int singles = 300;
        List<Guid> ids;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            ids = await db.Messages.Where(m => m.AccountId == accountId && m.Status == MessageStatus.Delivered).Select(m => m.Id).Take(batches * batchSize + singles).ToListAsync();
        }

        var random = new Random(1);
        var watch = Stopwatch.StartNew();
        for (var b = 0; b < batches; b++)
        {
            var slice = ids.Skip(b * batchSize).Take(batchSize).ToList();
            await using var db = await contexts.CreateDbContextAsync();
            foreach (var message in await db.Messages.Where(m => slice.Contains(m.Id)).ToListAsync())
            {
                var click = random.Next(5) == 0;
                message.RecordTracking(click ? MessageEventType.Clicked : MessageEventType.Opened, "bench", random.Next(10) == 0, now.AddSeconds(-random.Next(3600)),
                    click ? "https://shop.example/l/bench/1" : null);
            }

            await db.SaveChangesAsync();
            if (b == warmUp - 1)
            {
                watch.Restart();
            }
        }

        var batched = (batches - warmUp) * batchSize / watch.Elapsed.TotalSeconds;
        watch.Restart();
        for (var i = 0; i < singles; i++)
        {
            var id = ids[(batches * batchSize + i) % ids.Count];
            await using var db = await contexts.CreateDbContextAsync();
            var message = await db.Messages.SingleAsync(m => m.Id == id);
            message.RecordFeedback(MessageEventType.Complained, EventSource.Arf, "bench", now);
            await db.SaveChangesAsync();
        }

        var single = singles / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"adding events with their rollups: {batched:N0} events/s in batches of {batchSize} (the tracking writer's way), {single:N0} events/s saved one per transaction (a feedback report's way)");
    }
}
