using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
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
    private static readonly ConditionalWeakTable<DbConnection, ConcurrentDictionary<object, object>> Kept = new();

    /// <summary>
    /// The statement kept under <paramref name="key"/> on the context's connection, made by <paramref name="create"/>
    /// the first time, with its command pointed at the context's current transaction (or none), as each use must be.
    /// </summary>
    public static T Get<T>(SmartSenderDbContext db, object key, Func<SmartSenderDbContext, T> create, Func<T, DbCommand> command)
        where T : class
    {
        var kept = Kept.GetValue(db.Database.GetDbConnection(), _ => new ConcurrentDictionary<object, object>());
        var statement = (T)kept.GetOrAdd(key, static (_, state) => state.create(state.db), (db, create));
        command(statement).Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return statement;
    }
}
