using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SmartSender.Core.Persistence;

/// <summary>
/// One INSERT of an entity type, prepared once per connection and executed per row, for writes too hot for the
/// change tracker. Columns, names and conversions all come from the EF model, so a row is stored exactly as
/// SaveChanges would store it; keys the database generates are left to it. Runs on the context's connection and in
/// its transaction.
/// </summary>
internal sealed class PreparedInsert<T>
    where T : class
{
    // The statement's shape depends only on the model, so it is worked out once per model.
    private static Shape? _shape;

    private readonly DbCommand _command;
    private readonly (Column Column, DbParameter Parameter)[] _columns;
    private readonly Action<T, object>? _setKey;

    private PreparedInsert(SmartSenderDbContext db, bool keyBack)
    {
        var shape = _shape is { } known && ReferenceEquals(known.Model, db.Model) ? known : _shape = Shape.Of(db);
        _setKey = keyBack ? shape.SetKey ?? throw new InvalidOperationException($"{typeof(T).Name} has no key the database generates.") : null;
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.CommandText = keyBack ? shape.SqlReturningKey : shape.Sql;
        _columns = [.. shape.Columns.Select(c =>
        {
            var parameter = c.Mapping.CreateParameter(_command, c.ParameterName, null, c.Nullable);
            _command.Parameters.Add(parameter);
            return (c, parameter);
        })];
    }

    /// <summary>The INSERT kept on the context's connection, in the context's current transaction.</summary>
    public static PreparedInsert<T> For(SmartSenderDbContext db) =>
        ConnectionStatements.Get(db, typeof(PreparedInsert<T>), static db => new PreparedInsert<T>(db, keyBack: false), static insert => insert._command);

    /// <summary>
    /// The same INSERT, which gives each row executed the key the database generated for it (set on the row, as
    /// SaveChanges sets it), for rows the change tracker goes on tracking.
    /// </summary>
    public static PreparedInsert<T> WithKeyBack(SmartSenderDbContext db) =>
        ConnectionStatements.Get(db, (typeof(PreparedInsert<T>), "key back"), static db => new PreparedInsert<T>(db, keyBack: true), static insert => insert._command);

    /// <summary>Values longer than this go through a statement of their own, made and finalized for the one row.</summary>
    private const int LargeValue = 16 * 1024;

    public async Task ExecuteAsync(T row, CancellationToken ct = default)
    {
        var values = _columns.Select(c => ProviderValues.Of(c.Column.Mapping, c.Column.Getter.GetClrValueUsingContainingEntity(row))).ToArray();

        // A kept statement holds its last values until the next row (the parameters here, SQLite's copy of the
        // bindings natively): a large body would stay in memory for as long as the connection lives.
        if (values.Any(v => v is string { Length: > LargeValue } or byte[] { Length: > LargeValue }))
        {
            await using var once = _command.Connection!.CreateCommand();
            once.CommandText = _command.CommandText;
            once.Transaction = _command.Transaction;
            for (var i = 0; i < _columns.Length; i++)
            {
                var parameter = once.CreateParameter();
                parameter.ParameterName = _columns[i].Parameter.ParameterName;
                parameter.DbType = _columns[i].Parameter.DbType;
                parameter.Value = values[i];
                once.Parameters.Add(parameter);
            }

            await ExecuteAsync(once, row, ct);
            return;
        }

        try
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Parameter.Value = values[i];
            }

            await ExecuteAsync(_command, row, ct);
        }
        finally
        {
            foreach (var (_, parameter) in _columns)
            {
                parameter.Value = DBNull.Value;
            }
        }
    }

    /// <summary>
    /// Inserts all the rows: on PostgreSQL in one batch (one round trip, the keys read back in order where this insert
    /// gives them back), on SQLite one by one.
    /// </summary>
    public async Task ExecuteAllAsync(SmartSenderDbContext db, IReadOnlyList<T> rows, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql() || rows.Count < 2)
        {
            foreach (var row in rows)
            {
                await ExecuteAsync(row, ct);
            }

            return;
        }

        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        foreach (var row in rows)
        {
            AddTo(batch, row);
        }

        if (_setKey is null)
        {
            await batch.ExecuteNonQueryAsync(ct);
            return;
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var row in rows)
        {
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException($"The INSERT of a {typeof(T).Name} returned no key.");
            }

            _setKey(row, reader.GetValue(0));
            await reader.NextResultAsync(ct);
        }
    }

    private async Task ExecuteAsync(DbCommand command, T row, CancellationToken ct)
    {
        if (_setKey is null)
        {
            await command.ExecuteNonQueryAsync(ct);
            return;
        }

        _setKey(row, await command.ExecuteScalarAsync(ct) ?? throw new InvalidOperationException($"The INSERT of a {typeof(T).Name} returned no key."));
    }

    /// <summary>
    /// Adds the row's INSERT to <paramref name="batch"/> (PostgreSQL), with parameters of its own: the rows of a batch
    /// go to the server in one round trip.
    /// </summary>
    public void AddTo(NpgsqlBatch batch, T row)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = _command.CommandText;
        foreach (var (column, _) in _columns)
        {
            command.Parameters.Add(ProviderValues.Parameter(column.Mapping, _command, column.ParameterName, column.Nullable, column.Getter.GetClrValueUsingContainingEntity(row)));
        }

        batch.BatchCommands.Add(command);
    }

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string ParameterName, bool Nullable);

    /// <param name="SetKey">Sets the key the database returned on a row (its field, or its property), as SaveChanges does.</param>
    private sealed record Shape(IModel Model, string Sql, string SqlReturningKey, Action<T, object>? SetKey, Column[] Columns)
    {
        public static Shape Of(SmartSenderDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = entity.GetProperties().Where(p => !GeneratedByDatabase(p)).ToList();
            var columns = properties.Select((p, i) => new Column(p.GetGetter(), p.GetRelationalTypeMapping(), sql.GenerateParameterName($"p{i}"), p.IsNullable)).ToArray();
            var text =
                $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table)!)))}) " +
                $"VALUES ({string.Join(", ", columns.Select(c => c.ParameterName))})";
            var key = entity.GetProperties().FirstOrDefault(GeneratedByDatabase);
            var returning = key is null ? text : $"{text} RETURNING {sql.DelimitIdentifier(key.GetColumnName(table)!)}";
            return new Shape(db.Model, text, returning, key is null ? null : KeySetter(key), columns);
        }

        private static Action<T, object> KeySetter(IProperty key)
        {
            var member = key.GetMemberInfo(forMaterialization: false, forSet: true);
            return (row, value) =>
            {
                var converted = Convert.ChangeType(value, key.ClrType, System.Globalization.CultureInfo.InvariantCulture);
                if (member is System.Reflection.FieldInfo field)
                {
                    field.SetValue(row, converted);
                }
                else
                {
                    ((System.Reflection.PropertyInfo)member).SetValue(row, converted);
                }
            };
        }

        private static bool GeneratedByDatabase(IProperty property) =>
            property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && (property.ClrType == typeof(long) || property.ClrType == typeof(int));
    }
}
