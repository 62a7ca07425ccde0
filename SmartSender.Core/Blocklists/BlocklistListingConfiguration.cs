using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Blocklists;

public class BlocklistListingConfiguration : IEntityTypeConfiguration<BlocklistListing>
{
    public void Configure(EntityTypeBuilder<BlocklistListing> builder)
    {
        builder.ToTable("BlocklistListings");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Target).HasMaxLength(253);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.State).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.List).HasMaxLength(100);
        builder.Property(l => l.Zone).HasMaxLength(253);
        builder.Property(l => l.Codes).HasMaxLength(400);
        builder.Property(l => l.Meaning).HasMaxLength(2000);
        builder.Property(l => l.LastError).HasMaxLength(1000);
        builder.HasIndex(l => new { l.Target, l.Zone, l.Kind }).IsUnique();
    }
}
