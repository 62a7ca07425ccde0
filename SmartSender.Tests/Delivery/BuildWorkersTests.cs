using SmartSender.Core.Delivery.Pump;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// The build threads run below the API's scheduling priority, so signing uses the cores the API leaves idle; what
/// comes after a build runs back on the thread pool at normal priority. Read from Linux's view of each thread (/proc).
/// </summary>
public class BuildWorkersTests
{
    [Fact]
    public async Task Build_RunsAtTheConfiguredNiceness_AndTheAwaitResumesAtTheProcessPriority()
    {
        using var workers = new BuildWorkers(threads: 2, niceness: 7);

        var during = await workers.RunAsync(() => (Nice: OwnNice(), Thread: Environment.CurrentManagedThreadId));
        var after = (Nice: OwnNice(), Thread: Environment.CurrentManagedThreadId);

        Assert.Equal(ProcessNice() + 7, during.Nice);
        Assert.Equal(ProcessNice(), after.Nice);
        Assert.NotEqual(during.Thread, after.Thread);
    }

    [Fact]
    public async Task Dispose_FinishesTheQueuedBuilds_AndRefusesNewOnes()
    {
        var workers = new BuildWorkers(threads: 1, niceness: 0);
        using var release = new ManualResetEventSlim();
        var first = workers.RunAsync(() => release.Wait(TimeSpan.FromSeconds(10)) ? 1 : -1);
        var second = workers.RunAsync(() => 2);

        workers.Dispose();
        release.Set();

        var built = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2], built);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => workers.RunAsync(() => 3));
    }

    [Fact]
    public async Task Builds_RunOnAtMostTheConfiguredThreads()
    {
        using var workers = new BuildWorkers(threads: 2, niceness: 0);
        var running = 0;
        var most = 0;
        using var release = new ManualResetEventSlim();

        var builds = Enumerable.Range(0, 6).Select(_ => workers.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(10));
            Interlocked.Decrement(ref running);
            return now;
        })).ToList();
        SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2, TimeSpan.FromSeconds(10));
        release.Set();
        await Task.WhenAll(builds);

        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    // Field 19 of /proc/…/stat is the nice value; the command name before it is in parentheses and may hold spaces.
    internal static int OwnNice() => NiceOf(File.ReadAllText("/proc/thread-self/stat"));

    internal static int ProcessNice() => NiceOf(File.ReadAllText("/proc/self/stat"));

    internal static int NiceOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
}
