using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Hot statements kept per connection for the connection's life: a writer that keeps its connection open (as
/// <see cref="GroupCommit{T}"/> does) runs each one again without SQLite parsing and planning it again, and without
/// building its command and parameters again. A connection is used by one context at a time, so a kept statement is too.
/// </summary>
internal static class ConnectionStatements
{
    private static readonly ConditionalWeakTable<DbConnection, ConcurrentDictionary<object, Kept>> KeptStatements = new();

    /// <summary>
    /// The statement kept under <paramref name="key"/> on the context's connection, made by <paramref name="create"/>
    /// the first time, with its command pointed at the context's current transaction (or none), as each use must be.
    /// </summary>
    public static T Get<T>(SmartSenderDbContext db, object key, Func<SmartSenderDbContext, T> create, Func<T, DbCommand> command)
        where T : class
    {
        var connection = db.Database.GetDbConnection();
        var kept = KeptStatements.GetValue(connection, _ => new ConcurrentDictionary<object, Kept>());
        var handle = HandleOf(connection);
        if (!kept.TryGetValue(key, out var entry) || !ReferenceEquals(entry.Handle, handle))
        {
            // A pooled SQLite connection may be reopened on another native connection. A statement prepared on the
            // previous one would run there, outside this connection's transaction, and wait on this very transaction's
            // lock until SQLite gave up ("database is locked"): it is made again for the native connection in use.
            if (entry is not null)
            {
                command((T)entry.Statement).Dispose();
            }

            entry = new Kept(create(db), handle);
            kept[key] = entry;
        }

        var statement = (T)entry.Statement;
        command(statement).Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return statement;
    }

    private static object? HandleOf(DbConnection connection) => connection is SqliteConnection sqlite ? sqlite.Handle : null;

    private sealed record Kept(object Statement, object? Handle);
}
