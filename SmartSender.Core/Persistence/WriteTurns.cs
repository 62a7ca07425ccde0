namespace SmartSender.Core.Persistence;

/// <summary>
/// One database's write turn: one holder at a time, the others served in the order they came, except that a writer
/// someone is waiting on (an API request's accepted message) goes ahead of the background writers. Those are not
/// starved: each such writer waits again only after its own turn.
/// </summary>
internal sealed class WriteTurns
{
    private readonly Queue<TaskCompletionSource> _ahead = new();
    private readonly Queue<TaskCompletionSource> _inOrder = new();
    private bool _held;

    public Task WaitAsync(bool ahead, CancellationToken ct)
    {
        TaskCompletionSource waiting;
        lock (_inOrder)
        {
            if (!_held)
            {
                _held = true;
                return Task.CompletedTask;
            }

            ct.ThrowIfCancellationRequested();
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (ahead ? _ahead : _inOrder).Enqueue(waiting);
        }

        if (ct.CanBeCanceled)
        {
            // A cancelled waiter stays queued; the release that reaches it passes the turn on.
            var registration = ct.Register(() => waiting.TrySetCanceled(ct));
            _ = waiting.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }

        return waiting.Task;
    }

    public void Wait() => WaitAsync(ahead: false, CancellationToken.None).GetAwaiter().GetResult();

    public void Release()
    {
        lock (_inOrder)
        {
            while (_ahead.TryDequeue(out var next) || _inOrder.TryDequeue(out next))
            {
                if (next.TrySetResult())
                {
                    return;
                }
            }

            _held = false;
        }
    }
}
