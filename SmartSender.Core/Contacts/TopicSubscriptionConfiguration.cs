using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Contacts;

public class TopicSubscriptionConfiguration : IEntityTypeConfiguration<TopicSubscription>
{
    public void Configure(EntityTypeBuilder<TopicSubscription> builder)
    {
        builder.ToTable("TopicSubscriptions");
        builder.HasKey(s => new { s.TopicId, s.ContactId });
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.How).HasMaxLength(200);
        builder.HasIndex(s => s.ContactId);
        builder.HasOne<Topic>().WithMany().HasForeignKey(s => s.TopicId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Contact>().WithMany().HasForeignKey(s => s.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
