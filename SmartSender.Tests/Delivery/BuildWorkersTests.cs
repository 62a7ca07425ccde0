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
    public async Task AwaitsThatMakeThePoolGrow_LeaveNoThreadButTheBuildThreadsAtTheirNiceness()
    {
        using var workers = new BuildWorkers(threads: 2, niceness: 9);
        const int Awaits = 40;
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(minWorkers + Awaits, minIo);
        try
        {
            // Each resumed await holds its pool thread until all have resumed, so the pool must add threads, and it
            // adds them from whichever thread hands it the work: never a build thread.
            using var allResumed = new CountdownEvent(Awaits);
            var resumed = await Task.WhenAll(Enumerable.Range(0, Awaits).Select(async i =>
            {
                var built = await workers.RunAsync(() => i);
                allResumed.Signal();
                return allResumed.Wait(TimeSpan.FromSeconds(20)) ? built : -1;
            }));
            Assert.DoesNotContain(-1, resumed);
        }
        finally
        {
            ThreadPool.SetMinThreads(minWorkers, minIo);
        }

        var lowered = Directory.GetDirectories("/proc/self/task").Select(ThreadOf).OfType<(string Name, int Nice)>()
            .Where(t => t.Nice == ProcessNice() + 9).ToList();
        Assert.Equal(["Build 1", "Build 2"], lowered.Select(t => t.Name).Order());
    }

    // A thread's name and nice value; null when it ended after the directory was listed.
    private static (string Name, int Nice)? ThreadOf(string task)
    {
        try
        {
            return (File.ReadAllText(Path.Combine(task, "comm")).Trim(), NiceOf(File.ReadAllText(Path.Combine(task, "stat"))));
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
    private static int OwnNice() => NiceOf(File.ReadAllText("/proc/thread-self/stat"));

    private static int ProcessNice() => NiceOf(File.ReadAllText("/proc/self/stat"));

    private static int NiceOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
}
