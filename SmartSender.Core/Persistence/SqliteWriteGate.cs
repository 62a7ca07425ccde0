using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartSender.Core.Persistence;

/// <summary>
/// SQLite has one writer at a time. Writers of this process take turns here, in order (the API's accepted messages
/// ahead of background writers, <see cref="WriteTurns"/>), rather than colliding in SQLite, whose busy handling
/// retries after long pauses (a send request waited ~150 ms behind delivery's writes).
/// One gate per database file; other processes still meet SQLite's own lock.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private static readonly ConcurrentDictionary<string, WriteTurns> Gates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<DbContext, WriteTurns> Held = new();
    private static readonly ConcurrentDictionary<DbContext, WriteTurns> Holding = new();

    public static SqliteWriteGate Instance { get; } = new();

    /// <summary>
    /// Holds the database's write turn for statements outside SaveChanges (ExecuteUpdate) or across several
    /// statements and saves in a transaction of the context's own; its saves inside do not wait for the turn again,
    /// nor does a second enter of the same context (a save that takes the turn itself). A transaction that writes
    /// takes the turn before it begins: SQLite's own write lock, once taken, must never wait for the turn, or the
    /// turn's holder and the transaction wait for each other until SQLite gives up ("database is locked").
    /// A no-op for other providers.
    /// </summary>
    /// <param name="ahead">Waits ahead of the other writers: a writer an API request is waiting on.</param>
    public static async Task<IDisposable> EnterAsync(DbContext db, CancellationToken ct, bool ahead = false)
    {
        if (Holding.ContainsKey(db) || GateOf(db) is not { } gate)
        {
            return NoGate.Instance;
        }

        await gate.WaitAsync(ahead, ct);
        Holding[db] = gate;
        return new Turn(gate, () => Holding.TryRemove(db, out _));
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        if (eventData.Context is { } db && !Holding.ContainsKey(db) && GateOf(db) is { } gate)
        {
            await gate.WaitAsync(ahead: false, ct);
            Held[db] = gate;
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db && !Holding.ContainsKey(db) && GateOf(db) is { } gate)
        {
            gate.Wait();
            Held[db] = gate;
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData.Context);
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken ct = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Leave(eventData.Context);

    private static void Leave(DbContext? db)
    {
        if (db is not null && Held.TryRemove(db, out var gate))
        {
            gate.Release();
        }
    }

    private static WriteTurns? GateOf(DbContext db) =>
        db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite" && db.Database.GetConnectionString() is { } file
            ? Gates.GetOrAdd(file, _ => new WriteTurns())
            : null;

    private sealed class Turn(WriteTurns gate, Action leaving) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                leaving();
                gate.Release();
            }
        }
    }

    private sealed class NoGate : IDisposable
    {
        public static NoGate Instance { get; } = new();

        public void Dispose()
        {
        }
    }
}
