using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Accounts;

namespace SmartSender.Core.Closure;

public class ClosureConfirmationConfiguration : IEntityTypeConfiguration<ClosureConfirmation>
{
    public void Configure(EntityTypeBuilder<ClosureConfirmation> builder)
    {
        builder.ToTable("ClosureConfirmations");
        builder.Property(c => c.Email).HasMaxLength(320).IsRequired();
        builder.Property(c => c.Reason).HasMaxLength(AccountClosure.MaxReasonLength).IsRequired();
        builder.Property(c => c.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasIndex(c => c.TokenHash).IsUnique();
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
