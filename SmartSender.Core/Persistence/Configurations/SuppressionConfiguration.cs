using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;
using SmartSender.Core.Suppressions;

namespace SmartSender.Core.Persistence.Configurations;

public class SuppressionConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.Property(s => s.Address).HasMaxLength(320).IsRequired();
        builder.Property(s => s.Detail).HasMaxLength(2000);
        builder.HasIndex(s => new { s.AccountId, s.Address }).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class SuppressionRemovalConfiguration : IEntityTypeConfiguration<SuppressionRemoval>
{
    public void Configure(EntityTypeBuilder<SuppressionRemoval> builder)
    {
        builder.Property(s => s.Address).HasMaxLength(320).IsRequired();
        builder.Property(s => s.RemovedBy).HasMaxLength(320).IsRequired();
        builder.Property(s => s.Why).HasMaxLength(1000);
        builder.HasIndex(s => new { s.AccountId, s.RemovedAt });
    }
}
