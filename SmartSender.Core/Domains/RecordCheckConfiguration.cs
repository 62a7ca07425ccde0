using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Domains;

public class RecordCheckConfiguration : IEntityTypeConfiguration<RecordCheck>
{
    public void Configure(EntityTypeBuilder<RecordCheck> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Selector).HasMaxLength(63);
        builder.Property(c => c.Found).HasMaxLength(2100);
        builder.Property(c => c.Hint).HasMaxLength(1000);
        builder.HasIndex(c => new { c.DomainId, c.Kind, c.Selector });
    }
}
