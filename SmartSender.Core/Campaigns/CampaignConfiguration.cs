using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Campaigns;

public class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.HasKey(c => c.Id);
        builder.Ignore(c => c.IsEditable);
        builder.Ignore(c => c.Audience);
        builder.Property(c => c.Name).HasMaxLength(Campaign.NameLength);
        builder.Property(c => c.From).HasMaxLength(320);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.PausedBecause).HasMaxLength(500);
        builder.HasIndex(c => new { c.AccountId, c.CreatedAt });
        builder.HasOne<Contacts.Segments.Segment>().WithMany().HasForeignKey(c => c.SegmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Contacts.Topic>().WithMany().HasForeignKey(c => c.TopicId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
