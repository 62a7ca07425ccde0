using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SmartSender.Analytics.Benchmark;

/// <summary>Prepared inserts of message and event rows, in the formats the app's EF model stores.</summary>
internal sealed class Writer
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _message;
    private readonly SqliteCommand _event;
    private SqliteTransaction? _transaction;

    public Writer(SqliteConnection connection)
    {
        _connection = connection;
        _message = Prepare("""
            INSERT INTO "Messages" ("Id", "AccountId", "Attempts", "CreatedAt", "UpdatedAt", "NextAttemptAt", "From", "To", "Subject", "SendingDomain",
                "Status", "Stream", "TemplateId", "Provider", "LaneKey", "TagsJson", "TrackOpens", "TrackClicks", "Unsubscribable", "TextBody")
            VALUES ($id, $account, 1, $at, $at, $at, $from, $to, 'Your order', $domain, $status, $stream, $template, $provider, $lane, $tags, 1, 1, $marketing, 'Hello')
            """, "$id", "$account", "$at", "$from", "$to", "$domain", "$status", "$stream", "$template", "$provider", "$lane", "$tags", "$marketing");
        _event = Prepare("""
            INSERT INTO "MessageEvents" ("MessageId", "Type", "OccurredAt", "Source", "Machine", "Provider", "Reason", "Link")
            VALUES ($message, $type, $at, $source, $machine, $provider, $reason, $link)
            """, "$message", "$type", "$at", "$source", "$machine", "$provider", "$reason", "$link");
    }

    public void Begin()
    {
        _transaction = _connection.BeginTransaction();
        _message.Transaction = _transaction;
        _event.Transaction = _transaction;
    }

    public void Commit() => _transaction!.Commit();

    public void Message(Guid id, string accountId, DateTime at, DataGenerator.TemplateShape template, string provider, string status, string[] tags)
    {
        Set(_message, DataGenerator.Text(id), accountId, DataGenerator.Text(at), $"app@{template.Domain}", $"r{id:N}@example.com", template.Domain, status,
            template.Marketing ? "Marketing" : "Transactional", template.Id is { } t ? DataGenerator.Text(t) : null, provider, $"203.0.113.1|{provider}",
            tags.Length == 0 ? null : JsonSerializer.Serialize(tags), template.Marketing ? 1 : 0);
        _message.ExecuteNonQuery();
    }

    public void Event(Guid messageId, string type, DateTime at, string source, bool machine, string? provider, string? reason, string? link)
    {
        Set(_event, DataGenerator.Text(messageId), type, DataGenerator.Text(at), source, machine ? 1 : 0, provider, reason, link);
        _event.ExecuteNonQuery();
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private SqliteCommand Prepare(string sql, params string[] names)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}
