using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Suppressions;

public class SuppressionConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.ToTable("Suppressions");
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
        builder.ToTable("SuppressionRemovals");
        builder.Property(s => s.Address).HasMaxLength(320).IsRequired();
        builder.Property(s => s.RemovedBy).HasMaxLength(320).IsRequired();
        builder.Property(s => s.Why).HasMaxLength(1000);
        builder.HasIndex(s => new { s.AccountId, s.RemovedAt });
    }
}
