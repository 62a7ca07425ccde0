using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Saves many writers' changes in one transaction: whatever is waiting when the previous save ends goes into the
/// next, so each caller still waits for its own change to be committed (durable), but a commit and its flush to
/// disk are shared rather than paid per change. A batch that fails is retried one change at a time, so one bad
/// change fails alone. One writer per process on PostgreSQL too: every batch adds to the same rollup rows, whose locks
/// are held until the commit is flushed, so writers side by side wait on each other there, and their smaller batches
/// cost more commits (four writers: 421 delivered/s against one's 455 in benchmarks/delivery.sh --postgres).
/// </summary>
public sealed class GroupCommit<T>
{
    private const int MaxBatch = 500;
    private readonly Channel<(T Item, TaskCompletionSource Saved, long HandedOver)> _pending =
        Channel.CreateUnbounded<(T, TaskCompletionSource, long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<SmartSenderDbContext> _contexts;
    private readonly Func<SmartSenderDbContext, IReadOnlyList<T>, Task> _write;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly Task _writing;
    private SmartSenderDbContext? _db;

    /// <param name="write">Writes and commits a batch in the writer's context (staging its changes and saving them, or its own statements in one transaction); the context is the same from one batch to the next, its connection open and its change tracker cleared.</param>
    /// <param name="name">The writer's name in <see cref="GroupCommitMetrics"/>.</param>
    public GroupCommit(IDbContextFactory<SmartSenderDbContext> contexts, Func<SmartSenderDbContext, IReadOnlyList<T>, Task> write, ILogger logger, string name)
    {
        (_contexts, _write, _logger, _name) = (contexts, write, logger, name);
        _writing = Task.Run(WriteAllAsync);
    }

    /// <summary>Ends when the change is committed; faults when it could not be.</summary>
    public Task WriteAsync(T item)
    {
        var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((item, saved, Stopwatch.GetTimestamp())))
        {
            saved.SetException(new InvalidOperationException("The writer is closed."));
        }

        return saved.Task;
    }

    /// <summary>Commits what is waiting and stops.</summary>
    public Task CompleteAsync()
    {
        _pending.Writer.TryComplete();
        return _writing;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<(T Item, TaskCompletionSource Saved, long HandedOver)>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                await CommitAsync([.. batch.Select(b => b.Item)]);
                GroupCommitMetrics.Committed(_name, started, batch.Select(b => b.HandedOver));
                batch.ForEach(b => b.Saved.TrySetResult());
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                _logger.LogWarning(ex, "A batch of {Count} changes failed; saving them one by one", batch.Count);
                foreach (var one in batch)
                {
                    await CommitOneAsync(one);
                }
            }
            catch (Exception ex)
            {
                batch[0].Saved.TrySetException(ex);
            }

            batch.Clear();
        }

        if (_db is { } db)
        {
            _db = null;
            await db.DisposeAsync();
        }
    }

    private async Task CommitOneAsync((T Item, TaskCompletionSource Saved, long HandedOver) one)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            await CommitAsync([one.Item]);
            GroupCommitMetrics.Committed(_name, started, [one.HandedOver]);
            one.Saved.TrySetResult();
        }
        catch (Exception ex)
        {
            one.Saved.TrySetException(ex);
        }
    }

    private async Task CommitAsync(IReadOnlyList<T> items)
    {
        // One context, its connection open, from one batch to the next: its statements stay prepared (ConnectionStatements).
        // A batch that fails takes it with it, so the next starts clean.
        var db = _db ??= await _contexts.CreateDbContextAsync();
        try
        {
            await db.Database.OpenConnectionAsync();
            await _write(db, items);
            db.ChangeTracker.Clear();
        }
        catch
        {
            _db = null;
            await db.DisposeAsync();
            throw;
        }
    }
}
