using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;
using SmartSender.Core.ContentReview;

namespace SmartSender.Core.Reputation;

public class ReputationChangeConfiguration : IEntityTypeConfiguration<ReputationChange>
{
    public void Configure(EntityTypeBuilder<ReputationChange> builder)
    {
        builder.ToTable("ReputationChanges");
        builder.Property(c => c.From).HasMaxLength(100).IsRequired();
        builder.Property(c => c.To).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.By).HasMaxLength(320).IsRequired();
        builder.HasIndex(c => new { c.AccountId, c.At });
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
