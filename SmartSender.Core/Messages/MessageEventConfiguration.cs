using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Messages;

public class MessageEventConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> builder)
    {
        builder.ToTable("MessageEvents");
        builder.Property(e => e.Detail).HasMaxLength(4000);
        builder.HasIndex(e => new { e.MessageId, e.OccurredAt });
        builder.Property(e => e.Provider).HasMaxLength(100);
        builder.Property(e => e.Reason).HasMaxLength(32);
        builder.Property(e => e.Link).HasMaxLength(MessageEvent.MaxLink);
    }
}
