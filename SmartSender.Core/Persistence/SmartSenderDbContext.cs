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

    private static readonly ISaveStep[] SaveSteps = AssemblyParts.Of<ISaveStep>();

    /// <summary>
    /// Saves, and when a feature's <see cref="ISaveStep"/> applies (new message events: the event writer stores them and
    /// their rollups), runs it in the save's transaction, so what it writes never disagrees with what was saved.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var runs = Prepare();
        if (runs.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        using var turn = await SqliteWriteGate.EnterAsync(this, cancellationToken);
        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        foreach (var run in runs)
        {
            await run.BeforeSaveAsync(cancellationToken);
        }

        // The steps left the tracker as the save must find it (rows they write themselves let go of): not looked at again.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        int saved;
        try
        {
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var run in runs)
            {
                await run.BeforeCommitAsync(cancellationToken);
            }
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
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
        Prepare().Count > 0
            ? throw new InvalidOperationException("Save message events with SaveChangesAsync, which stores them through the event writer.")
            : base.SaveChanges(acceptAllChangesOnSuccess);

    private List<ISaveStepRun> Prepare()
    {
        var runs = new List<ISaveStepRun>(SaveSteps.Length);
        foreach (var step in SaveSteps)
        {
            if (step.Prepare(this) is { } run)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

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
