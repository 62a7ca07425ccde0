using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.Analytics.Rollups;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Closure;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Domains;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Users;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Persistence;

public class SmartSenderDbContext : IdentityDbContext<AppUser>, Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.IDataProtectionKeyContext
{
    public SmartSenderDbContext(DbContextOptions<SmartSenderDbContext> options)
        : base(options)
    {
    }

    /// <summary>For <see cref="PostgresSmartSenderDbContext"/>, the same model with migrations of its own.</summary>
    protected SmartSenderDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The Data Protection key ring, where instances share it (PostgreSQL); SQLite keeps it in files beside the database.</summary>
    public DbSet<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey> DataProtectionKeys =>
        Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();

    /// <summary>
    /// Saves, and when the save stores new events, adds them to the analytics rollups in the same transaction, so
    /// the rollups never disagree with the events (see <see cref="RollupDeltas"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var added = ChangeTracker.Entries<MessageEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (added.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        using var turn = await SqliteWriteGate.EnterAsync(this, cancellationToken);
        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var deltas = await RollupDeltas.ComputeAsync(this, added, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await RollupWriter.WriteAsync(this, deltas, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        if (MessageMetrics.Enabled)
        {
            var messages = ChangeTracker.Entries<Message>().Select(e => e.Entity).ToDictionary(m => m.Id);
            MessageMetrics.Stored(added, id => messages.GetValueOrDefault(id));
        }

        return saved;
    }

    /// <summary>Events are saved only through <see cref="SaveChangesAsync(bool, CancellationToken)"/>, which keeps the rollups.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        ChangeTracker.Entries<MessageEvent>().Any(e => e.State == EntityState.Added)
            ? throw new InvalidOperationException("Save message events with SaveChangesAsync, which keeps the analytics rollups in step.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(SmartSenderDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        conventions.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        conventions.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
