using SmartSender.Core.Delivery.Pump;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// A Linux thread inherits the nice value of the thread that creates it, and the thread pool creates threads from
/// whichever thread hands it work: the build threads never do, so no pool thread is born at their lowered priority.
/// </summary>
[Collection(ThreadPoolCollection.Name)]
public class BuildWorkersPoolTests
{
    [Fact]
    public async Task AwaitsThatMakeThePoolGrow_LeaveNoThreadButTheBuildThreadsAtTheirNiceness()
    {
        using var workers = new BuildWorkers(threads: 2, niceness: 9);

        // More awaits than the pool has threads, and a minimum that lets it add them at once, with room for the
        // threads that tests of other collections hold meanwhile (a web app's blocked reads, say).
        var awaits = ThreadPool.ThreadCount + 16;
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, awaits * 2 + 64), minIo);
        try
        {
            // Each resumed await holds its pool thread until the pool has grown by eight threads (or a minute passed, on
            // a machine whose other tests keep the pool busy), so the pool must add threads, and it adds them from
            // whichever thread hands it the work: never a build thread. The awaits start from a pool thread and resume
            // without the runner's synchronization context, so they resume on pool threads whatever the runner does.
            var before = ThreadPool.ThreadCount;
            var peak = before;
            using var grown = new ManualResetEventSlim();
            var built = await Task.Run(() => Task.WhenAll(Enumerable.Range(0, awaits).Select(async i =>
            {
                var value = await workers.RunAsync(() => i).ConfigureAwait(false);
                InterlockedMax(ref peak, ThreadPool.ThreadCount);
                if (Volatile.Read(ref peak) >= before + 8)
                {
                    grown.Set();
                }

                grown.Wait(TimeSpan.FromMinutes(1));
                return value;
            })));
            Assert.Equal(Enumerable.Range(0, awaits), built);
            Assert.True(peak >= before + 8, $"the pool grew from {before} to {peak} threads only");
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        var lowered = Directory.GetDirectories("/proc/self/task").Select(ThreadOf).OfType<(string Name, int Nice)>()
            .Where(t => t.Nice == BuildWorkersTests.ProcessNice() + 9).ToList();
        Assert.Equal(["Build 1", "Build 2"], lowered.Select(t => t.Name).Order());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var now && now != seen)
        {
            seen = now;
        }
    }

    // A thread's name and nice value; null when it ended after the directory was listed.
    private static (string Name, int Nice)? ThreadOf(string task)
    {
        try
        {
            return (File.ReadAllText(Path.Combine(task, "comm")).Trim(), BuildWorkersTests.NiceOf(File.ReadAllText(Path.Combine(task, "stat"))));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Build_ThatThrows_FaultsItsTaskAndTheThreadsKeepBuilding()
    {
        using var workers = new BuildWorkers(threads: 1, niceness: 0);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => workers.RunAsync<int>(() => throw new InvalidOperationException("no key")));
        var next = await workers.RunAsync(() => 42);

        Assert.Equal("no key", failure.Message);
        Assert.Equal(42, next);
    }
}
