using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmartSender.Core.Persistence.Caching;

/// <summary>
/// Moves a <see cref="TableVersions"/> counter on whenever a command writes to a cached table: saves,
/// ExecuteUpdate/ExecuteDelete and raw SQL alike. The counter moves once when the statement has run and again when
/// its transaction commits, so a read that ran in between (and saw the old rows) is not kept.
/// </summary>
public sealed class TableWriteWatcher : DbCommandInterceptor, IDbTransactionInterceptor
{
    public static TableWriteWatcher Instance { get; } = new();

    private static readonly (CachedTable Table, string[] Names)[] Watched =
    [
        (CachedTable.Accounts, ["\"Accounts\""]),
        (CachedTable.ApiKeys, ["\"ApiKeys\""]),
        (CachedTable.SendingDomains, ["\"SendingDomains\"", "\"DkimKey\"", "\"RecordCheck\""]),
        (CachedTable.Templates, ["\"Templates\"", "\"TemplateVersion\""]),
        (CachedTable.QueuedTotals, ["\"HourlyTotals\""]),
        (CachedTable.Blocklists, ["\"BlocklistListings\""]),
    ];

    private readonly ConditionalWeakTable<DbTransaction, HashSet<CachedTable>> _pending = [];

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken ct = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    // Saves run their INSERT … RETURNING batches as readers.
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Wrote(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken ct = default)
    {
        Wrote(command);
        return ValueTask.FromResult(result);
    }

    // A statement outside a transaction commits when its reader is done with it.
    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Wrote(command);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _pending.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        _pending.Remove(transaction);
        return Task.CompletedTask;
    }

    /// <summary>Moves the versions of the cached tables <paramref name="command"/> writes to; for commands EF did not run, call it after they ran.</summary>
    public void Wrote(DbCommand command)
    {
        var text = command.CommandText;
        if (text.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        foreach (var (table, names) in Watched)
        {
            if (!names.Any(n => text.Contains(n, StringComparison.Ordinal)))
            {
                continue;
            }

            Wrote(table, command.Transaction);
        }
    }

    /// <summary>Moves <paramref name="table"/>'s version on, and again when <paramref name="transaction"/> commits.</summary>
    public void Wrote(CachedTable table, DbTransaction? transaction)
    {
        TableVersions.Bump(table);
        if (transaction is not null)
        {
            var tables = _pending.GetOrCreateValue(transaction);
            lock (tables)
            {
                tables.Add(table);
            }
        }
    }

    private void Committed(DbTransaction transaction)
    {
        if (!_pending.TryGetValue(transaction, out var tables))
        {
            return;
        }

        _pending.Remove(transaction);
        lock (tables)
        {
            foreach (var table in tables)
            {
                TableVersions.Bump(table);
            }
        }
    }
}
