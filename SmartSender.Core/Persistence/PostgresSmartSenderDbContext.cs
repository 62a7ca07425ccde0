using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own so that EF keeps PostgreSQL's migrations
/// (<c>Migrations/Postgres</c>) apart from SQLite's; everything else asks for <see cref="SmartSenderDbContext"/>
/// (ADR 0029). It differs where a feature says so (<see cref="IPostgresModelChange"/>): the delivery queue's indexes.
/// </summary>
public sealed class PostgresSmartSenderDbContext(DbContextOptions<PostgresSmartSenderDbContext> options) : SmartSenderDbContext(options)
{
    private static readonly IPostgresModelChange[] Changes = AssemblyParts.Of<IPostgresModelChange>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var change in Changes)
        {
            change.Apply(builder);
        }
    }
}
