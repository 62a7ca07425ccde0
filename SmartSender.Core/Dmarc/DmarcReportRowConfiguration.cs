using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Dmarc;

public class DmarcReportRowConfiguration : IEntityTypeConfiguration<DmarcReportRow>
{
    public void Configure(EntityTypeBuilder<DmarcReportRow> builder)
    {
        builder.ToTable("DmarcReportRows");
        builder.HasKey(r => r.Id);
        builder.Ignore(r => r.Passes);
        builder.Property(r => r.SourceIp).HasMaxLength(45);
        builder.Property(r => r.ReverseName).HasMaxLength(253);
        builder.Property(r => r.Disposition).HasMaxLength(20);
        builder.Property(r => r.HeaderFrom).HasMaxLength(253);
        builder.Property(r => r.EnvelopeFrom).HasMaxLength(253);
        builder.Property(r => r.DkimResults).HasMaxLength(1000);
        builder.Property(r => r.SpfResults).HasMaxLength(1000);
    }
}
