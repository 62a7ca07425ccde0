using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// Saves a batch of delivery outcomes as SaveChanges would, without loading the messages again: for each message one
/// UPDATE (prepared once per connection) of its delivery state, applied only while it is still queued, then the
/// applied outcomes' new events with their rollups (<see cref="EventWriter"/>), all in one transaction.
/// </summary>
internal static class OutcomeStatements
{
    /// <summary>The columns a delivery outcome may change (lane, attempts, status, reply, times, claim).</summary>
    public static readonly string[] DeliveryState =
    [
        nameof(Message.LaneKey), nameof(Message.Provider), nameof(Message.Attempts), nameof(Message.Status), nameof(Message.LastReply),
        nameof(Message.UpdatedAt), nameof(Message.NextAttemptAt), nameof(Message.ClaimId), nameof(Message.ClaimedUntil),
    ];

    /// <summary>Writes the outcomes; returns the ids of messages no longer queued, whose outcome was left out.</summary>
    public static async Task<List<Guid>> SaveAsync(SmartSenderDbContext db, IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> outcomes, NewEvents? events)
    {
        (List<(Message Message, IReadOnlyList<MessageEvent> Added)> Applied, List<Guid> SettledElsewhere) staged;
        using (await SqliteWriteGate.EnterAsync(db, CancellationToken.None))
        {
            await db.Database.OpenConnectionAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            staged = await StageAsync(db, outcomes);
            await transaction.CommitAsync();
        }

        EventWriter.Committed(staged.Applied, events);
        return staged.SettledElsewhere;
    }

    /// <summary>Taken over by another worker after its claim lapsed, and settled there.</summary>
    public static void LogSettledElsewhere(ILogger logger, Guid messageId) =>
        logger.LogWarning("Message {MessageId} was settled elsewhere; this outcome is dropped", messageId);

    /// <summary>
    /// The outcomes' statements in the transaction the caller holds (with the write turn): the updates, the new events
    /// and their rollups. Returns what was applied, for <see cref="EventWriter.Committed"/>, and the messages no longer queued.
    /// </summary>
    public static async Task<(List<(Message Message, IReadOnlyList<MessageEvent> Added)> Applied, List<Guid> SettledElsewhere)> StageAsync(
        SmartSenderDbContext db, IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> outcomes)
    {
        var settledElsewhere = new List<Guid>();
        var applied = new List<(Message Message, IReadOnlyList<MessageEvent> Added)>();
        var update = Update.For(db);
        if (db.Database.IsNpgsql())
        {
            await UpdateInOneRoundTripAsync(db, outcomes, update, applied, settledElsewhere);
            await using var inserts = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
            await EventWriter.StageAsync(db, applied, inserts);
            if (inserts.BatchCommands.Count > 0)
            {
                await inserts.ExecuteNonQueryAsync();
            }
        }
        else
        {
            // SQLite, in process: the updates one by one.
            foreach (var outcome in outcomes)
            {
                if (await update.ExecuteAsync(outcome.Message))
                {
                    applied.Add(outcome);
                }
                else
                {
                    settledElsewhere.Add(outcome.Message.Id);
                }
            }

            await EventWriter.StageAsync(db, applied, batch: null);
        }

        return (applied, settledElsewhere);
    }

    /// <summary>
    /// PostgreSQL: every update in one batch (one round trip; each says whether it applied), instead of a round trip
    /// per row; the applied outcomes' events follow in another.
    /// </summary>
    private static async Task UpdateInOneRoundTripAsync(
        SmartSenderDbContext db, IReadOnlyList<(Message Message, IReadOnlyList<MessageEvent> Added)> outcomes, Update update,
        List<(Message Message, IReadOnlyList<MessageEvent> Added)> applied, List<Guid> settledElsewhere)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        await using var updates = new NpgsqlBatch(connection, transaction);
        foreach (var outcome in outcomes)
        {
            update.AddTo(updates, outcome.Message);
        }

        await updates.ExecuteNonQueryAsync();
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (updates.BatchCommands[i].RecordsAffected == 1)
            {
                applied.Add(outcomes[i]);
            }
            else
            {
                settledElsewhere.Add(outcomes[i].Message.Id);
            }
        }
    }

    /// <summary>UPDATE of a message's delivery state by its key, while its stored status is still Queued; kept per connection.</summary>
    private sealed class Update
    {
        private readonly DbCommand _command;
        private readonly (IClrPropertyGetter Getter, RelationalTypeMapping Mapping, DbParameter Parameter)[] _columns;
        private readonly (RelationalTypeMapping Mapping, DbParameter Parameter) _key;
        private readonly (RelationalTypeMapping Mapping, DbParameter Parameter) _queued;

        public static Update For(SmartSenderDbContext db) =>
            ConnectionStatements.Get(db, typeof(Update), static db => new Update(db), static update => update._command);

        private Update(SmartSenderDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(Message))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            _command = db.Database.GetDbConnection().CreateCommand();
            var columns = DeliveryState.Select(name => entity.FindProperty(name)!).ToList();
            _columns = [.. columns.Select((p, i) => (p.GetGetter(), p.GetRelationalTypeMapping(), Parameter(p, $"p{i}")))];
            var key = entity.FindPrimaryKey()!.Properties.Single();
            _key = (key.GetRelationalTypeMapping(), Parameter(key, "key"));
            var status = entity.FindProperty(nameof(Message.Status))!;
            var queued = Parameter(status, "queued");
            queued.Value = ProviderValues.Of(status.GetRelationalTypeMapping(), MessageStatus.Queued);
            _queued = (status.GetRelationalTypeMapping(), queued);
            string Column(IProperty p) => sql.DelimitIdentifier(p.GetColumnName(table)!);

            // PostgreSQL plans a prepared statement once for any values (a generic plan) and keeps that plan until the
            // table's statistics change. Planned while the table is still empty, as on a fresh installation, the key
            // and the (Status, AccountId) index look equally cheap, and a plan that finds the row through the status
            // index scans every queued message once the queue fills. Written as a test of the row, the status guard
            // matches no index, so the key is the only way in.
            var stillQueued = $"{Column(status)} = {queued.ParameterName}";
            if (db.Database.IsNpgsql())
            {
                stillQueued = $"({stillQueued}) IS TRUE";
            }

            _command.CommandText =
                $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {string.Join(", ", columns.Select((p, i) => $"{Column(p)} = {_columns[i].Parameter.ParameterName}"))} " +
                $"WHERE {Column(key)} = {_key.Parameter.ParameterName} AND {stillQueued}";

            DbParameter Parameter(IProperty property, string name)
            {
                var parameter = property.GetRelationalTypeMapping().CreateParameter(_command, sql.GenerateParameterName(name), null, property.IsNullable);
                _command.Parameters.Add(parameter);
                return parameter;
            }
        }

        /// <summary>Adds the message's UPDATE to <paramref name="batch"/> (PostgreSQL), with parameters of its own.</summary>
        public void AddTo(NpgsqlBatch batch, Message message)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = _command.CommandText;
            foreach (var (getter, mapping, parameter) in _columns)
            {
                command.Parameters.Add(ProviderValues.Parameter(mapping, _command, parameter.ParameterName, parameter.IsNullable, getter.GetClrValueUsingContainingEntity(message)));
            }

            command.Parameters.Add(ProviderValues.Parameter(_key.Mapping, _command, _key.Parameter.ParameterName, false, message.Id));
            command.Parameters.Add(ProviderValues.Parameter(_queued.Mapping, _command, _queued.Parameter.ParameterName, false, MessageStatus.Queued));
            batch.BatchCommands.Add(command);
        }

        /// <summary>False when the message is not (or no longer) queued: nothing was changed.</summary>
        public async Task<bool> ExecuteAsync(Message message)
        {
            foreach (var (getter, mapping, parameter) in _columns)
            {
                parameter.Value = ProviderValues.Of(mapping, getter.GetClrValueUsingContainingEntity(message));
            }

            _key.Parameter.Value = ProviderValues.Of(_key.Mapping, message.Id);
            try
            {
                return await _command.ExecuteNonQueryAsync() == 1;
            }
            finally
            {
                // The kept statement must not hold the last message's values (a reply can be long) past its use.
                foreach (var (_, _, parameter) in _columns)
                {
                    parameter.Value = DBNull.Value;
                }
            }
        }
    }
}
