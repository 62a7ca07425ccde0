using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Audit;

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Actor).HasMaxLength(AuditLog.MaxText).IsRequired();
        builder.Property(e => e.Address).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Target).HasMaxLength(AuditLog.MaxText);
        builder.Property(e => e.Detail).HasMaxLength(AuditLog.MaxText);

        // An account's log and the Admins' whole log, newest first. No foreign key: the log outlives what it names.
        builder.HasIndex(e => new { e.AccountId, e.At });
        builder.HasIndex(e => e.At);
    }
}
