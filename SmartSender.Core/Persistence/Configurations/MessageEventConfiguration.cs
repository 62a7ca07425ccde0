using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Persistence.Configurations;

public class MessageEventConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> builder)
    {
        builder.Property(e => e.Detail).HasMaxLength(4000);
        builder.HasIndex(e => new { e.MessageId, e.OccurredAt });
        builder.Property(e => e.Provider).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(32);
        builder.Property(e => e.Link).HasMaxLength(MessageEvent.MaxLink);
    }
}
