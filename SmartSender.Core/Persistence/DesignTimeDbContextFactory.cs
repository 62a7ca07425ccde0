using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartSender.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build SQLite's model without starting the web app.</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SmartSenderDbContext>
{
    public SmartSenderDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
