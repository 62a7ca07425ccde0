using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

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

    private PreparedInsert(SmartSenderDbContext db)
    {
        var shape = _shape is { } known && ReferenceEquals(known.Model, db.Model) ? known : _shape = Shape.Of(db);
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.CommandText = shape.Sql;
        _columns = [.. shape.Columns.Select(c =>
        {
            var parameter = c.Mapping.CreateParameter(_command, c.ParameterName, null, c.Nullable);
            _command.Parameters.Add(parameter);
            return (c, parameter);
        })];
    }

    /// <summary>The INSERT kept on the context's connection, in the context's current transaction.</summary>
    public static PreparedInsert<T> For(SmartSenderDbContext db) =>
        ConnectionStatements.Get(db, typeof(PreparedInsert<T>), static db => new PreparedInsert<T>(db), static insert => insert._command);

    public async Task ExecuteAsync(T row, CancellationToken ct = default)
    {
        foreach (var (column, parameter) in _columns)
        {
            parameter.Value = ProviderValues.Of(column.Mapping, column.Getter.GetClrValueUsingContainingEntity(row));
        }

        await _command.ExecuteNonQueryAsync(ct);
    }

    private sealed record Column(IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string ParameterName, bool Nullable);

    private sealed record Shape(IModel Model, string Sql, Column[] Columns)
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
            return new Shape(db.Model, text, columns);
        }

        private static bool GeneratedByDatabase(IProperty property) =>
            property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && (property.ClrType == typeof(long) || property.ClrType == typeof(int));
    }
}
