using System.Runtime;
using System.Runtime.InteropServices;

namespace SmartSender.Web.Hosting;

/// <summary>
/// Gives memory back after a burst. Large messages are read, rendered, signed and stored through large buffers; once
/// the burst is over nothing allocates enough to trigger a collection, and the shared buffer pools only drop a
/// buffer at a collection a minute after its last use, so the memory would stay taken. While the process is quiet
/// and holds far more than it did when last quiet, a compacting collection every ten seconds returns what is free to
/// the system (and so does the C library's allocator), until it is back near that size or three minutes bring no
/// progress, when the new size is taken as the one it needs. Under load nothing is done: the GC keeps its own pace.
/// </summary>
public sealed partial class MemoryRelease(ILogger<MemoryRelease> logger, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    /// <summary>Allocation below this per interval counts as quiet.</summary>
    private const long QuietBytes = 64L * 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        var allocated = GC.GetTotalAllocatedBytes();
        long? baseline = null;
        DateTimeOffset? progress = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = GC.GetTotalAllocatedBytes();
            var quiet = now - allocated < QuietBytes;
            allocated = now;
            if (!quiet)
            {
                continue;
            }

            var resident = Environment.WorkingSet;
            if (baseline is not { } known || resident <= known + Math.Max(known / 5, 32L * 1024 * 1024))
            {
                baseline = Math.Min(baseline ?? resident, resident);
                progress = null;
                continue;
            }

            progress ??= clock.GetUtcNow();
            Release();
            allocated = GC.GetTotalAllocatedBytes();
            var after = Environment.WorkingSet;
            if (resident - after > resident / 20)
            {
                progress = clock.GetUtcNow();
                var gc = GC.GetGCMemoryInfo(GCKind.Any);
                LogReleased(logger, (resident - after) / (1024 * 1024), after / (1024 * 1024), gc.HeapSizeBytes / (1024 * 1024));
            }
            else if (clock.GetUtcNow() - progress > GiveUpAfter)
            {
                // What is left is what it needs now.
                baseline = after;
                progress = null;
            }
        }
    }

    private static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                MallocTrim(0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (musl, say): its allocator gives memory back by itself.
            }
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quiet after a burst: {Released} MiB given back, {Kept} MiB kept (managed heap {Heap} MiB)")]
    private static partial void LogReleased(ILogger logger, long released, long kept, long heap);
}
