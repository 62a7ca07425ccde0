using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Contexts over the configured database, from a pool: a fresh context resolves EF's internal services anew each
/// time, which cost more than most of our queries. On PostgreSQL the contexts are <see cref="PostgresSmartSenderDbContext"/>,
/// handed out as <see cref="SmartSenderDbContext"/>.
/// </summary>
public static class ContextFactories
{
    public static IDbContextFactory<SmartSenderDbContext> Create(DatabaseOptions options, string contentRoot, params IInterceptor[] interceptors) =>
        options.Provider == DatabaseProvider.Postgres
            ? new Upcast<PostgresSmartSenderDbContext>(new PooledDbContextFactory<PostgresSmartSenderDbContext>(
                Configure(new DbContextOptionsBuilder<PostgresSmartSenderDbContext>(), options, contentRoot, interceptors).Options))
            : new PooledDbContextFactory<SmartSenderDbContext>(
                Configure(new DbContextOptionsBuilder<SmartSenderDbContext>(), options, contentRoot, interceptors).Options);

    private static DbContextOptionsBuilder<T> Configure<T>(DbContextOptionsBuilder<T> builder, DatabaseOptions options, string contentRoot, IInterceptor[] interceptors)
        where T : DbContext
    {
        builder.UseConfiguredProvider(options, contentRoot);
        if (interceptors.Length > 0)
        {
            builder.AddInterceptors(interceptors);
        }

        return builder;
    }

    private sealed class Upcast<T>(IDbContextFactory<T> contexts) : IDbContextFactory<SmartSenderDbContext>
        where T : SmartSenderDbContext
    {
        public SmartSenderDbContext CreateDbContext() => contexts.CreateDbContext();

        public async Task<SmartSenderDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await contexts.CreateDbContextAsync(cancellationToken);
    }
}
