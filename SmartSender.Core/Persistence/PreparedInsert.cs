using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SmartSender.Core.Persistence;

/// <summary>
/// One INSERT of an entity type, prepared once and executed per row, for writes too hot for the change tracker.
/// Columns, names and conversions all come from the EF model, so a row is stored exactly as SaveChanges would store
/// it; keys the database generates are left to it. Runs on the context's connection and in its transaction.
/// </summary>
internal sealed class PreparedInsert<T> : IAsyncDisposable
    where T : class
{
    private readonly DbCommand _command;
    private readonly Column[] _columns;

    public PreparedInsert(SmartSenderDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        _command = db.Database.GetDbConnection().CreateCommand();
        _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        _columns = [.. entity.GetProperties().Where(p => !GeneratedByDatabase(p)).Select((p, i) =>
        {
            var mapping = p.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(_command, sql.GenerateParameterName($"p{i}"), null, p.IsNullable);
            _command.Parameters.Add(parameter);
            return new Column(p.GetColumnName(table)!, p.GetGetter(), mapping.Converter, parameter);
        })];
        _command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Name)))}) " +
            $"VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
    }

    public DbCommand Command => _command;

    public async Task ExecuteAsync(T row, CancellationToken ct = default)
    {
        foreach (var column in _columns)
        {
            var value = column.Getter.GetClrValueUsingContainingEntity(row);
            if (value is not null && column.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            column.Parameter.Value = value ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(ct);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private static bool GeneratedByDatabase(IProperty property) =>
        property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    private sealed record Column(string Name, IClrPropertyGetter Getter, ValueConverter? Converter, DbParameter Parameter);
}
