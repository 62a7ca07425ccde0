using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Domains;

public class DkimKeyConfiguration : IEntityTypeConfiguration<DkimKey>
{
    public void Configure(EntityTypeBuilder<DkimKey> builder)
    {
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Selector).HasMaxLength(63).IsRequired();
        builder.Property(k => k.PublicKey).HasMaxLength(1024).IsRequired();
        builder.Property(k => k.ProtectedPrivateKey).IsRequired();
        builder.HasIndex(k => new { k.DomainId, k.Selector }).IsUnique();
        builder.Ignore(k => k.RecordValue);
    }
}
