using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Messages;

/// <summary>
/// On PostgreSQL, instead of one index of every message by status and due time, two partial ones that hold only queued
/// messages: a claim walks the free ones in due order without stepping over the messages other pumps hold (on a busy
/// server thousands, at the front), nor over the delivered ones, which leave both indexes.
/// </summary>
public sealed class QueueIndexes : IPostgresModelChange
{
    /// <summary>The free messages of the queue, by when they are due: what a claim takes.</summary>
    public const string Free = "IX_Messages_Queue_Free";

    /// <summary>The claimed messages of the queue, by when their claim lapses: what a claim takes back from a dead instance.</summary>
    public const string Held = "IX_Messages_Queue_Held";

    public void Apply(ModelBuilder builder)
    {
        var messages = builder.Entity<Message>();
        var byStatus = messages.Metadata.FindIndex([messages.Metadata.FindProperty(nameof(Message.Status))!, messages.Metadata.FindProperty(nameof(Message.NextAttemptAt))!]);
        messages.Metadata.RemoveIndex(byStatus!);
        messages.HasIndex(m => m.NextAttemptAt, Free).HasFilter("\"Status\" = 'Queued' AND \"ClaimId\" IS NULL");
        messages.HasIndex(m => m.ClaimedUntil, Held).HasFilter("\"Status\" = 'Queued' AND \"ClaimId\" IS NOT NULL");
    }
}
