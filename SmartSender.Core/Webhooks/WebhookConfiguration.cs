using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Webhooks;

public class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.ToTable("WebhookEndpoints");
        builder.Property(e => e.Url).HasMaxLength(2000);
        builder.Property(e => e.EventTypes).HasMaxLength(1000);
        builder.Property(e => e.ProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.PreviousProtectedSecret).HasMaxLength(2000);
        builder.Property(e => e.LastError).HasMaxLength(1000);
        builder.Ignore(e => e.Types);
        builder.HasIndex(e => e.AccountId);
    }
}

public class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.EventType).HasMaxLength(32);
        builder.Property(d => d.LastError).HasMaxLength(1000);
        builder.Ignore(d => d.MessageId);
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        builder.HasIndex(d => new { d.AccountId, d.CreatedAt });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursor>
{
    public void Configure(EntityTypeBuilder<WebhookCursor> builder)
    {
        builder.ToTable("WebhookCursors");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.LastEventId).IsConcurrencyToken();
        builder.HasData(new WebhookCursor { Id = WebhookCursor.SingletonId, LastEventId = 0 });
    }
}
