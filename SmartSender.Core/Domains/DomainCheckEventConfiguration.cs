using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Domains;

public class DomainCheckEventConfiguration : IEntityTypeConfiguration<DomainCheckEvent>
{
    public void Configure(EntityTypeBuilder<DomainCheckEvent> builder)
    {
        builder.Property(e => e.Found).HasMaxLength(2000);
        builder.Property(e => e.Hint).HasMaxLength(1000);
        builder.HasIndex(e => new { e.DomainId, e.OccurredAt });
    }
}
