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

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageEvent> MessageEvents => Set<MessageEvent>();

    public DbSet<SendingDomain> SendingDomains => Set<SendingDomain>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<Lane> Lanes => Set<Lane>();

    public DbSet<Suppression> Suppressions => Set<Suppression>();

    public DbSet<SuppressionRemoval> SuppressionRemovals => Set<SuppressionRemoval>();

    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<WebhookCursor> WebhookCursors => Set<WebhookCursor>();

    public DbSet<HourlyRollup> HourlyRollups => Set<HourlyRollup>();

    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();

    public DbSet<HourlyTotal> HourlyTotals => Set<HourlyTotal>();

    public DbSet<DailyTotal> DailyTotals => Set<DailyTotal>();

    public DbSet<Reputation.ReputationChange> ReputationChanges => Set<Reputation.ReputationChange>();

    public DbSet<ContentReview.ContentRejection> ContentRejections => Set<ContentReview.ContentRejection>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<Users.Invitation> Invitations => Set<Users.Invitation>();

    public DbSet<Closure.ClosureConfirmation> ClosureConfirmations => Set<Closure.ClosureConfirmation>();

    public DbSet<Instances.InstanceRecord> Instances => Set<Instances.InstanceRecord>();

    /// <summary>Where each sending IP and sending domain stands on each DNS blocklist.</summary>
    public DbSet<Blocklists.BlocklistListing> BlocklistListings => Set<Blocklists.BlocklistListing>();

    /// <summary>DMARC aggregate reports about the accounts' sending domains, with their rows.</summary>
    public DbSet<Dmarc.DmarcReport> DmarcReports => Set<Dmarc.DmarcReport>();

    public DbSet<Contacts.Contact> Contacts => Set<Contacts.Contact>();

    public DbSet<Contacts.ContactList> ContactLists => Set<Contacts.ContactList>();

    public DbSet<Contacts.ListMembership> ListMemberships => Set<Contacts.ListMembership>();

    public DbSet<Contacts.ContactField> ContactFields => Set<Contacts.ContactField>();

    public DbSet<Contacts.Topic> Topics => Set<Contacts.Topic>();

    public DbSet<Contacts.TopicSubscription> TopicSubscriptions => Set<Contacts.TopicSubscription>();

    public DbSet<Contacts.Segments.Segment> Segments => Set<Contacts.Segments.Segment>();

    public DbSet<Campaigns.Campaign> Campaigns => Set<Campaigns.Campaign>();

    public DbSet<Campaigns.CampaignRecipient> CampaignRecipients => Set<Campaigns.CampaignRecipient>();

    /// <summary>Closed accounts' exports, in chunks, so every instance serves their links.</summary>
    public DbSet<Closure.ExportFile> ExportFiles => Set<Closure.ExportFile>();

    public DbSet<Closure.ExportChunk> ExportChunks => Set<Closure.ExportChunk>();

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
