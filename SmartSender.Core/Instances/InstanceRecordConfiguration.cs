using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Instances;

public class InstanceRecordConfiguration : IEntityTypeConfiguration<InstanceRecord>
{
    public void Configure(EntityTypeBuilder<InstanceRecord> builder)
    {
        builder.ToTable("Instances");
        builder.HasKey(i => i.Name);
        builder.Property(i => i.Name).HasMaxLength(InstanceRecord.NameLength);
        builder.Property(i => i.Roles).HasMaxLength(200);
        builder.Property(i => i.Activity).HasMaxLength(200);
    }
}
