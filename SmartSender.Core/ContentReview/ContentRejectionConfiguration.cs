using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;
using SmartSender.Core.Reputation;

namespace SmartSender.Core.ContentReview;

public class ContentRejectionConfiguration : IEntityTypeConfiguration<ContentRejection>
{
    public void Configure(EntityTypeBuilder<ContentRejection> builder)
    {
        builder.ToTable("ContentRejections");
        builder.Property(c => c.Rules).HasMaxLength(500).IsRequired();
        builder.HasIndex(c => new { c.AccountId, c.At });
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}
