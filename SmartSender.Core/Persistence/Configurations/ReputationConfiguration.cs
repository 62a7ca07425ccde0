using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Reputation;

namespace SmartSender.Core.Persistence.Configurations;

public class ReputationChangeConfiguration : IEntityTypeConfiguration<ReputationChange>
{
    public void Configure(EntityTypeBuilder<ReputationChange> builder)
    {
        builder.Property(c => c.From).HasMaxLength(100).IsRequired();
        builder.Property(c => c.To).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.By).HasMaxLength(320).IsRequired();
        builder.HasIndex(c => new { c.AccountId, c.At });
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ContentRejectionConfiguration : IEntityTypeConfiguration<ContentRejection>
{
    public void Configure(EntityTypeBuilder<ContentRejection> builder)
    {
        builder.Property(c => c.Rules).HasMaxLength(500).IsRequired();
        builder.HasIndex(c => new { c.AccountId, c.At });
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
