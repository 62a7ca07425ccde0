using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Contacts;

public class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> builder)
    {
        builder.ToTable("Topics");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).HasMaxLength(Topic.NameLength);
        builder.Property(t => t.Description).HasMaxLength(Topic.DescriptionLength);
        builder.HasIndex(t => new { t.AccountId, t.Name }).IsUnique();
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(t => t.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
