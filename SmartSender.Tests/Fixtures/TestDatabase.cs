using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SmartSender.Core.Accounts;
using SmartSender.Core.Persistence;
using SmartSender.Core.Persistence.Caching;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A real database, migrated like the app's own, removed afterwards: a SQLite file in a temporary folder, or a
/// database of its own on the PostgreSQL server the test run was given (<see cref="TestPostgres"/>).
/// </summary>
public sealed class TestDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    private readonly TestFolder _folder = new("db");
    private readonly string _postgresName = $"ss_test_{Guid.NewGuid():N}";
    private IDbContextFactory<SmartSenderDbContext>? _contexts;

    public DatabaseProvider Provider => provider;

    /// <summary>The SQLite file.</summary>
    public string Path => provider == DatabaseProvider.Sqlite
        ? System.IO.Path.Combine(_folder.Path, "smartsender.db")
        : throw new InvalidOperationException("A PostgreSQL database has no file.");

    public string ConnectionString => provider == DatabaseProvider.Sqlite
        ? $"Data Source={Path};Pooling=False"
        : new NpgsqlConnectionStringBuilder(TestPostgres.ConnectionString) { Database = _postgresName }.ToString();

    /// <summary>The <c>Database</c> section an app over this database is given.</summary>
    public DatabaseOptions Options => new() { Provider = provider, ConnectionString = ConnectionString, DataDirectory = _folder.Path };

    public SmartSenderDbContext CreateContext() => Contexts.CreateDbContext();

    public IDbContextFactory<SmartSenderDbContext> CreateFactory() => ContextFactories.Create(Options, _folder.Path, TableWriteWatcher.Instance);

    /// <summary>As the app configures its contexts (less the write gate): writes reach the send path's caches.</summary>
    private IDbContextFactory<SmartSenderDbContext> Contexts => _contexts ??= CreateFactory();

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
        services.AddSingleton(_ => CreateFactory());
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<SmartSenderDbContext>>().CreateDbContext());
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 10).AddRoles<IdentityRole>().AddEntityFrameworkStores<SmartSenderDbContext>();
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<AccountDirectory>();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await TestPostgres.CreateDatabaseAsync(_postgresName);
        }

        await using var db = CreateContext();
        await new DatabaseInitializer(db).InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (provider == DatabaseProvider.Postgres && TestPostgres.IsAvailable)
        {
            await TestPostgres.DropDatabaseAsync(_postgresName);
        }

        _folder.Dispose();
    }
}
