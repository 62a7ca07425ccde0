using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>The <see cref="ISaveStep"/>s of this assembly, found once, as the entity configurations are.</summary>
    private static readonly ISaveStep[] SaveSteps =
    [
        .. typeof(SmartSenderDbContext).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISaveStep).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (ISaveStep)Activator.CreateInstance(t)!),
    ];

    /// <summary>
    /// Saves, and when a feature's <see cref="ISaveStep"/> applies (new message events: their rollups), runs it in the
    /// save's transaction, so what it writes never disagrees with what was saved.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var steps = SaveSteps.Where(s => s.Applies(this)).ToList();
        if (steps.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        using var turn = await SqliteWriteGate.EnterAsync(this, cancellationToken);
        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var runs = new List<ISaveStepRun>(steps.Count);
        foreach (var step in steps)
        {
            runs.Add(await step.StartAsync(this, cancellationToken));
        }

        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var run in runs)
        {
            await run.BeforeCommitAsync(cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        runs.ForEach(r => r.Committed());
        return saved;
    }

    /// <summary>Saves that need an <see cref="ISaveStep"/> go through <see cref="SaveChangesAsync(bool, CancellationToken)"/>, which runs it.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveSteps.Any(s => s.Applies(this))
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
