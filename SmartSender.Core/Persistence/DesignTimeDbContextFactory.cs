using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SmartSender.Core.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
public class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SmartSenderDbContext>
{
    public SmartSenderDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SmartSenderDbContext>();
        builder.UseSqlite("Data Source=design-time.db");
        return new SmartSenderDbContext(builder.Options);
    }
}
