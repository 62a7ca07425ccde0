using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.Messages;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Delivery.Queue;

/// <summary>
/// Saves a batch of delivery outcomes as SaveChanges would, with statements prepared once per batch: an UPDATE of
/// the columns each message changed (outcomes of one kind change the same columns, so they share one statement),
/// an INSERT per new event, and the events' rollups, in one transaction. Anything else in the batch (a suppression
/// to add, a change to another kind of row) is left to SaveChanges.
/// </summary>
internal static class OutcomeStatements
{
    /// <summary>Saves the context's changes; false, with nothing written, when they are not only changed messages and new events.</summary>
    public static async Task<bool> TrySaveAsync(SmartSenderDbContext db, NewEventsInterceptor? events)
    {
        db.ChangeTracker.DetectChanges();
        var changed = new List<(EntityEntry Entry, Message Message)>();
        var added = new List<MessageEvent>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry)
            {
                case { State: EntityState.Unchanged }:
                    break;
                case { State: EntityState.Modified, Entity: Message message }:
                    changed.Add((entry, message));
                    break;
                case { State: EntityState.Added, Entity: MessageEvent { Type: not (MessageEventType.Opened or MessageEventType.Clicked) } e }:
                    added.Add(e);
                    break;
                default:
                    return false;
            }
        }

        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None))
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var deltas = await RollupDeltas.ComputeAsync(db, added, CancellationToken.None);
            var updates = new Dictionary<string, Update>();
            try
            {
                foreach (var (entry, message) in changed)
                {
                    var columns = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToList();
                    var shape = string.Join(',', columns.Select(c => c.Name));
                    if (!updates.TryGetValue(shape, out var update))
                    {
                        updates[shape] = update = new Update(db, columns);
                    }

                    await update.ExecuteAsync(message);
                }
            }
            finally
            {
                foreach (var update in updates.Values)
                {
                    await update.DisposeAsync();
                }
            }

            if (added.Count > 0)
            {
                await using var insertEvent = new PreparedInsert<MessageEvent>(db);
                foreach (var e in added)
                {
                    await insertEvent.ExecuteAsync(e);
                }
            }

            await RollupWriter.WriteAsync(db, deltas, CancellationToken.None);
            await transaction.CommitAsync();
        }

        db.ChangeTracker.AcceptAllChanges();
        if (added.Count > 0)
        {
            var messages = changed.ToDictionary(c => c.Message.Id, c => c.Message);
            events?.Stored([.. added.Where(e => NewEventsInterceptor.IsFeedback(e.Type) && messages.ContainsKey(e.MessageId)).Select(e => messages[e.MessageId].AccountId).Distinct()]);
        }

        return true;
    }

    /// <summary>UPDATE of the given columns of one message, by its key.</summary>
    private sealed class Update : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly (IProperty Property, DbParameter Parameter)[] _columns;
        private readonly IProperty _key;
        private readonly DbParameter _keyParameter;

        public Update(SmartSenderDbContext db, IReadOnlyList<IProperty> columns)
        {
            var entity = db.Model.FindEntityType(typeof(Message))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            _command = db.Database.GetDbConnection().CreateCommand();
            _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            _columns = [.. columns.Select((p, i) => (p, Parameter(p, $"p{i}")))];
            _key = entity.FindPrimaryKey()!.Properties.Single();
            _keyParameter = Parameter(_key, "key");
            _command.CommandText =
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {string.Join(", ", _columns.Select(c => $"{sql.DelimitIdentifier(c.Property.GetColumnName(table)!)} = {c.Parameter.ParameterName}"))} " +
                $"WHERE {sql.DelimitIdentifier(_key.GetColumnName(table)!)} = {_keyParameter.ParameterName}";

            DbParameter Parameter(IProperty property, string name)
            {
                var parameter = property.GetRelationalTypeMapping().CreateParameter(_command, sql.GenerateParameterName(name), null, property.IsNullable);
                _command.Parameters.Add(parameter);
                return parameter;
            }
        }

        public async Task ExecuteAsync(Message message)
        {
            foreach (var (property, parameter) in _columns)
            {
                parameter.Value = ProviderValue(property, message);
            }

            _keyParameter.Value = ProviderValue(_key, message);
            if (await _command.ExecuteNonQueryAsync() != 1)
            {
                throw new DbUpdateConcurrencyException($"Message {message.Id} was not found to update.");
            }
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();

        private static object ProviderValue(IProperty property, Message message)
        {
            var value = property.GetGetter().GetClrValueUsingContainingEntity(message);
            if (value is not null && property.GetRelationalTypeMapping().Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }
}
