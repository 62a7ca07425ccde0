using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Tests.Fixtures;

/// <summary>A real SQLite file in a temporary folder, migrated like the app's own, removed afterwards.</summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private readonly TestFolder _folder = new("db");

    public string Path => System.IO.Path.Combine(_folder.Path, "smartsender.db");

    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public SmartSenderDbContext CreateContext() => new(Options);

    public IDbContextFactory<SmartSenderDbContext> CreateFactory() => new PooledDbContextFactory<SmartSenderDbContext>(Options);

    /// <summary>As the app configures its contexts: writes reach the send path's caches.</summary>
    private DbContextOptions<SmartSenderDbContext> Options =>
        new DbContextOptionsBuilder<SmartSenderDbContext>().UseSqlite(ConnectionString).AddInterceptors(TableWriteWatcher.Instance).Options;

    /// <summary>Accounts of the given names, saved; their ids in the same order.</summary>
    public async Task<Guid[]> AddAccountsAsync(params string[] names)
    {
        await using var db = CreateContext();
        var accounts = names.Select(n => new Account(n, DateTime.UtcNow)).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync();
        return [.. accounts.Select(a => a.Id)];
    }

    /// <summary>Core services over this database, with Identity as the app configures it.</summary>
    public ServiceProvider CreateServices(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddDbContextFactory<SmartSenderDbContext>(o => o.UseSqlite(ConnectionString).AddInterceptors(TableWriteWatcher.Instance));
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 10).AddRoles<IdentityRole>().AddEntityFrameworkStores<SmartSenderDbContext>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AccountDirectory>();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async Task InitializeAsync()
    {
        await using var db = CreateContext();
        await new DatabaseInitializer(db).InitializeAsync();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
