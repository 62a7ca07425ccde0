using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Closure;

namespace SmartSender.Core.Accounts;

public class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("Accounts");
        builder.Property(a => a.Name).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => a.Name).IsUnique();
        builder.Property(a => a.Culture).HasMaxLength(20).HasDefaultValue(Account.DefaultCulture);
        builder.Property(a => a.IpPool).HasMaxLength(100);
        builder.Property(a => a.PostalAddress).HasMaxLength(AccountSettings.MaxPostalAddressLength);
        builder.ComplexProperty(a => a.Tracking);
        builder.Property(a => a.ReputationReason).HasMaxLength(1000);
        builder.Property(a => a.ClosureReason).HasMaxLength(AccountClosure.MaxReasonLength);
        builder.Property(a => a.ClosureRequestedBy).HasMaxLength(320);
        builder.HasIndex(a => a.ClosureRequestedAt);
        builder.Property(a => a.ClosedBy).HasMaxLength(320);
        builder.Property(a => a.ExportTokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.ExportTokenHash);
        builder.Ignore(a => a.IsClosed);
        builder.ComplexProperty(a => a.ManualQuota, q =>
        {
            q.Property(m => m.Reason).HasMaxLength(1000);
            q.Property(m => m.SetBy).HasMaxLength(320);
        });
    }
}
