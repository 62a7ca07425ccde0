using System.Runtime.InteropServices;

namespace SmartSender.Core.Delivery.Pump;

/// <summary>
/// The threads that build and DKIM-sign messages, the part of delivery that keeps a core busy. They run at a lower
/// scheduling priority than the rest of the process (a nice value on Linux), so signing takes every core the API
/// leaves idle and gives it back as soon as a request needs it: delivery runs at the machine's spare speed, and the
/// API's latency does not queue behind RSA. Started with the first message; a continuation never runs on them.
/// A thread inherits its creator's nice value, so the build threads never touch the thread pool (which may create a
/// thread from whichever thread queues work): a build's result is handed to a completing thread at normal priority,
/// which releases the awaiting code to the pool.
/// </summary>
public sealed class BuildWorkers(int threads, int niceness) : IDisposable
{
    private readonly HandOff _work = new();
    private readonly HandOff _done = new();
    private int _started;
    private int _building;

    /// <summary>How many threads build at once.</summary>
    public int Threads { get; } = Math.Max(1, threads);

    /// <summary>Runs <paramref name="build"/> on a build thread; the await resumes on the thread pool.</summary>
    public Task<T> RunAsync<T>(Func<T> build)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start();
        try
        {
            _work.Add(Build);
        }
        catch (ObjectDisposedException ex)
        {
            return Task.FromException<T>(ex);
        }

        return done.Task;

        void Build()
        {
            try
            {
                var built = build();
                _done.Add(() => done.SetResult(built));
            }
            catch (Exception ex)
            {
                _done.Add(() => done.SetException(ex));
            }
        }
    }

    /// <summary>Builds what was queued, completes its awaits, and ends the threads; a build asked for after this fails.</summary>
    public void Dispose()
    {
        _work.Complete();
        if (Volatile.Read(ref _started) == 0)
        {
            _done.Complete();
        }
    }

    private void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _building = Threads;

        // Started from the caller's thread, before any build thread lowers its priority.
        new Thread(Complete) { IsBackground = true, Name = "Build results" }.Start();
        for (var i = 0; i < Threads; i++)
        {
            new Thread(Work) { IsBackground = true, Name = $"Build {i + 1}" }.Start();
        }
    }

    private void Complete()
    {
        while (RunNext(_done))
        {
        }
    }

    private void Work()
    {
        Lower(niceness);
        while (RunNext(_work))
        {
        }

        // The last build thread to leave lets the completing thread finish once every result is handed over.
        if (Interlocked.Decrement(ref _building) == 0)
        {
            _done.Complete();
        }
    }

    /// <summary>
    /// Runs the next item; false once the queue is completed. A frame of its own, so a thread waiting for work keeps
    /// no reference to the last message it built (ten megabytes, for the largest).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool RunNext(HandOff queue)
    {
        if (queue.Take() is not { } item)
        {
            return false;
        }

        item();
        return true;
    }

    private static void Lower(int niceness)
    {
        if (niceness <= 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            // Linux schedules each thread on its own: its nice value is set by its thread id.
            _ = SetPriority(PrioProcess, GetThreadId(), niceness);
        }
        else
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        }
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    /// <summary>
    /// A queue its takers sleep on until there is work, without spinning first (a waiting thread here has nothing
    /// better to do than leave its core to the rest of the process).
    /// </summary>
    private sealed class HandOff
    {
        private readonly Queue<Action> _items = new();
        private bool _completed;

        public void Add(Action item)
        {
            lock (_items)
            {
                ObjectDisposedException.ThrowIf(_completed, this);
                _items.Enqueue(item);
                Monitor.Pulse(_items);
            }
        }

        /// <summary>The next item; null once completed.</summary>
        public Action? Take()
        {
            lock (_items)
            {
                while (_items.Count == 0 && !_completed)
                {
                    Monitor.Wait(_items);
                }

                return _items.TryDequeue(out var item) ? item : null;
            }
        }

        public void Complete()
        {
            lock (_items)
            {
                _completed = true;
                Monitor.PulseAll(_items);
            }
        }
    }
}
