using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that EF keeps PostgreSQL's migrations
/// (<c>Persistence/Migrations/Postgres</c>) apart from SQLite's; everything else asks for <see cref="SmartSenderDbContext"/>
/// (ADR 0029).
/// </summary>
public sealed class PostgresSmartSenderDbContext(DbContextOptions<PostgresSmartSenderDbContext> options) : SmartSenderDbContext(options);
