using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Closure;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Analytics.Benchmark;

/// <summary>
/// The ZIP a closing account's Owner receives, written for one generated account (messages, events, templates,
/// suppressions, domains) into the database's export store: how long it takes, how big it is, and how much memory the process holds meanwhile.
/// </summary>
internal static class ClosureExportBenchmark
{
    public static async Task RunAsync(IDbContextFactory<SmartSenderDbContext> contexts, Guid accountId, string name)
    {
        long messages, events;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            messages = await db.Messages.LongCountAsync(m => m.AccountId == accountId);
            events = await db.MessageEvents.LongCountAsync(e => db.Set<Message>().Any(m => m.Id == e.MessageId && m.AccountId == accountId));
        }

        var export = new AccountExport(contexts, new ExportStore(contexts, TimeProvider.System));
        GC.Collect();
        long peakHeap = 0;
        using var sampler = new Timer(_ => peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false)), null, 0, 100);
        var watch = Stopwatch.StartNew();
        await export.WriteAsync(accountId);
        watch.Stop();
        long size;
        await using (var file = await export.OpenAsync(accountId))
        {
            size = file!.Length;
        }

        await export.DeleteAsync(accountId);
        Console.WriteLine($"closure export of {name} ({messages:N0} messages, {events:N0} events): {watch.Elapsed.TotalSeconds:0.0} s " +
            $"({(messages + events) / watch.Elapsed.TotalSeconds:N0} rows/s), ZIP {size / 1_048_576.0:N1} MiB; managed heap at most {peakHeap / 1_048_576:N0} MiB; " +
            $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576:N0} MiB");
    }
}
