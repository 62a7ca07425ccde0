using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Suppressions;

/// <summary>
/// The question every submission asks: is this address on the account's list, and why? On SQLite it runs one
/// statement, prepared once per connection, on connections kept open in a small pool: opening and returning a
/// connection for each question cost more than the question. Names, parameters and values come from the EF model,
/// as EF would use them. Each question is its own read, so an entry added a moment ago by anyone is found.
/// Other providers ask through the query EF compiled once, which also finds whole entries (<see cref="FindEntryAsync"/>).
/// </summary>
internal sealed class SuppressionLookup(IDbContextFactory<SmartSenderDbContext> contexts) : IDisposable
{
    private const int MaxIdle = 16;
    private readonly ConcurrentBag<Reader> _idle = [];

    // Compiled once, so EF neither looks up the translation nor extracts the parameters from the expression on each
    // call; per instance, not static: a compiled query belongs to the one model it first ran against.
    private readonly Func<SmartSenderDbContext, Guid, string, string, CancellationToken, Task<Suppression?>> _find =
        EF.CompileAsyncQuery((SmartSenderDbContext db, Guid accountId, string address, string erased, CancellationToken ct) =>
            db.Set<Suppression>().AsNoTracking().Where(s => s.AccountId == accountId && (s.Address == address || s.Address == erased))
                .OrderBy(s => s.Address == erased).FirstOrDefault());
    private Shape? _shape;
    private bool _disposed;

    /// <summary>
    /// The entry's reason and time, or null when the address is not listed, as itself or as an erased recipient
    /// (<see cref="ErasedAddress"/>); <paramref name="address"/> is normalized.
    /// </summary>
    public async Task<(SuppressionReason Reason, DateTime CreatedAt)?> FindAsync(Guid accountId, string address, CancellationToken ct)
    {
        var shape = _shape ??= await Shape.OfAsync(contexts, ct);
        if (shape.ConnectionString is null)
        {
            var entry = await FindEntryAsync(accountId, address, ct);
            return entry is null ? null : (entry.Reason, entry.CreatedAt);
        }

        var reader = _idle.TryTake(out var idle) ? idle : new Reader(shape);
        try
        {
            var found = reader.Find(accountId, address);
            Return(reader);
            return found;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The whole entry of the address (<paramref name="address"/> normalized), itself before its erased form; null when neither is listed.</summary>
    public async Task<Suppression?> FindEntryAsync(Guid accountId, string address, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await _find(db, accountId, address, ErasedAddress.Of(accountId, address), ct);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private void Return(Reader reader)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            reader.Dispose();
            return;
        }

        _idle.Add(reader);
    }

    /// <summary>The statement and the model's mappings, worked out once.</summary>
    private sealed record Shape(string? ConnectionString, string Sql, RelationalTypeMapping Account, RelationalTypeMapping Address, RelationalTypeMapping Reason, RelationalTypeMapping CreatedAt)
    {
        public static async Task<Shape> OfAsync(IDbContextFactory<SmartSenderDbContext> contexts, CancellationToken ct)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var entity = db.Model.FindEntityType(typeof(Suppression))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            IProperty Property(string name) => entity.FindProperty(name)!;
            string Column(string name) => $"\"{Property(name).GetColumnName(table)}\"";
            var sql = $"SELECT {Column(nameof(Suppression.Reason))}, {Column(nameof(Suppression.CreatedAt))} FROM \"{table.Name}\" " +
                $"WHERE {Column(nameof(Suppression.AccountId))} = $account AND {Column(nameof(Suppression.Address))} IN ($address, $erased) LIMIT 1";
            return new Shape(
                db.Database.IsSqlite() ? db.Database.GetConnectionString() : null, sql,
                Property(nameof(Suppression.AccountId)).GetRelationalTypeMapping(), Property(nameof(Suppression.Address)).GetRelationalTypeMapping(),
                Property(nameof(Suppression.Reason)).GetRelationalTypeMapping(), Property(nameof(Suppression.CreatedAt)).GetRelationalTypeMapping());
        }
    }

    /// <summary>An open connection with the statement prepared on it; used by one question at a time.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly Shape _shape;
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly DbParameter _account;
        private readonly DbParameter _address;
        private readonly DbParameter _erased;

        public Reader(Shape shape)
        {
            _shape = shape;
            _connection = new SqliteConnection(shape.ConnectionString);
            _connection.Open();
            _command = _connection.CreateCommand();
            _command.CommandText = shape.Sql;
            _account = shape.Account.CreateParameter(_command, "$account", null, nullable: false);
            _address = shape.Address.CreateParameter(_command, "$address", null, nullable: false);
            _erased = shape.Address.CreateParameter(_command, "$erased", null, nullable: false);
            _command.Parameters.Add(_account);
            _command.Parameters.Add(_address);
            _command.Parameters.Add(_erased);
            _command.Prepare();
        }

        public (SuppressionReason Reason, DateTime CreatedAt)? Find(Guid accountId, string address)
        {
            _account.Value = ProviderValues.Of(_shape.Account, accountId);
            _address.Value = ProviderValues.Of(_shape.Address, address);
            _erased.Value = ProviderValues.Of(_shape.Address, ErasedAddress.Of(accountId, address));
            using var row = _command.ExecuteReader();
            if (!row.Read())
            {
                return null;
            }

            var reason = _shape.Reason.Converter is { } toReason ? toReason.ConvertFromProvider(row.GetValue(0)) : row.GetValue(0);
            var createdAt = _shape.CreatedAt.Converter is { } toTime ? toTime.ConvertFromProvider(row.GetDateTime(1)) : row.GetDateTime(1);
            return ((SuppressionReason)reason!, (DateTime)createdAt!);
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
