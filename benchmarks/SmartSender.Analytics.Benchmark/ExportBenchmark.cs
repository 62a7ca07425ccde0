using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Analytics.Benchmark;

/// <summary>
/// A million rows of the message log read as the CSV export reads them (<see cref="MessageLog.StreamAsync"/>) and
/// written as CSV lines to a discarding stream: the rate, and how much memory the process holds meanwhile.
/// </summary>
internal static class ExportBenchmark
{
    public static async Task RunAsync(IDbContextFactory<SmartSenderDbContext> contexts, Guid accountId)
    {
        const int rows = 1_000_000;
        var log = new MessageLog(contexts);
        await using var writer = new StreamWriter(Stream.Null);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peakHeap = 0;
        var count = 0;
        var watch = Stopwatch.StartNew();
        await foreach (var m in log.StreamAsync(accountId, MessageFilter.None))
        {
            await writer.WriteLineAsync(string.Join(",", m.Id, m.CreatedAt.ToString("O"), m.From, m.To, m.Subject, m.Status, m.Stream, m.Domain, m.Provider, m.TemplateId, string.Join(" ", m.Tags), m.LastReply));
            if (++count % 50_000 == 0)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            }

            if (count == rows)
            {
                break;
            }
        }

        Console.WriteLine($"CSV export of {count:N0} messages: {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:N0} rows/s); managed heap {before / 1_048_576:N0} MiB before, at most {peakHeap / 1_048_576:N0} MiB during; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1_048_576:N0} MiB");
    }
}
