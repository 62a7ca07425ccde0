using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add Name --context PostgresSmartSenderDbContext --output-dir Migrations/Postgres</c>
/// build PostgreSQL's model without reaching a server.
/// </summary>
public class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresSmartSenderDbContext>
{
    public PostgresSmartSenderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresSmartSenderDbContext>().UseNpgsql("Host=127.0.0.1;Database=design-time").Options);
}
