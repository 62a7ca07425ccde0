using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Domains;
using SmartSender.Core.Idempotency;
using SmartSender.Core.Messages;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Templates;
using SmartSender.Core.Webhooks;

namespace SmartSender.Core.Persistence;

public class SmartSenderDbContext(DbContextOptions<SmartSenderDbContext> options) : IdentityDbContext<AppUser>(options)
{
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
