using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Dmarc;

public class DmarcReportConfiguration : IEntityTypeConfiguration<DmarcReport>
{
    public void Configure(EntityTypeBuilder<DmarcReport> builder)
    {
        builder.ToTable("DmarcReports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Domain).HasMaxLength(253);
        builder.Property(r => r.OrgName).HasMaxLength(200);
        builder.Property(r => r.Email).HasMaxLength(320);
        builder.Property(r => r.ReportId).HasMaxLength(200);
        builder.Property(r => r.Policy).HasMaxLength(20);
        builder.HasIndex(r => new { r.SendingDomainId, r.OrgName, r.ReportId }).IsUnique();
        builder.HasIndex(r => new { r.AccountId, r.SendingDomainId, r.BeginAt });
        builder.HasMany(r => r.Rows).WithOne().HasForeignKey(r => r.DmarcReportId).OnDelete(DeleteBehavior.Cascade);
    }
}
