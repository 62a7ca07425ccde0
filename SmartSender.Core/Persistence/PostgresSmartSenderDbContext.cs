using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own so that EF keeps PostgreSQL's migrations
/// (<c>Persistence/Migrations/Postgres</c>) apart from SQLite's; everything else asks for <see cref="SmartSenderDbContext"/>
/// (ADR 0029). It differs in one place: the delivery queue's indexes (below).
/// </summary>
public sealed class PostgresSmartSenderDbContext(DbContextOptions<PostgresSmartSenderDbContext> options) : SmartSenderDbContext(options)
{
    /// <summary>The free messages of the queue, by when they are due: what a claim takes.</summary>
    public const string FreeQueueIndex = "IX_Messages_Queue_Free";

    /// <summary>The claimed messages of the queue, by when their claim lapses: what a claim takes back from a dead instance.</summary>
    public const string HeldQueueIndex = "IX_Messages_Queue_Held";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Instead of one index of every message by status and due time, two partial ones that hold only queued
        // messages: a claim walks the free ones in due order without stepping over the messages other pumps hold (on
        // a busy server thousands, at the front), nor over the delivered ones, which leave both indexes.
        var messages = builder.Entity<Message>();
        var byStatus = messages.Metadata.FindIndex([messages.Metadata.FindProperty(nameof(Message.Status))!, messages.Metadata.FindProperty(nameof(Message.NextAttemptAt))!]);
        messages.Metadata.RemoveIndex(byStatus!);
        messages.HasIndex(m => m.NextAttemptAt, FreeQueueIndex).HasFilter("\"Status\" = 'Queued' AND \"ClaimId\" IS NULL");
        messages.HasIndex(m => m.ClaimedUntil, HeldQueueIndex).HasFilter("\"Status\" = 'Queued' AND \"ClaimId\" IS NOT NULL");
    }
}
