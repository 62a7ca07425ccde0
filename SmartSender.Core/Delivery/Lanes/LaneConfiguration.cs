using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Delivery.Lanes;

public class LaneConfiguration : IEntityTypeConfiguration<Lane>
{
    public void Configure(EntityTypeBuilder<Lane> builder)
    {
        builder.ToTable("Lanes");
        builder.HasKey(l => new { l.SendingIp, l.Provider });
        builder.Ignore(l => l.Key);
        builder.Property(l => l.SendingIp).HasMaxLength(64);
        builder.Property(l => l.Provider).HasMaxLength(200);
        builder.Property(l => l.LastDeferral).HasMaxLength(2000);
        builder.Property(l => l.LastRule).HasMaxLength(100);
        builder.Property(l => l.LeaseOwner).HasMaxLength(100);

        // A save of the lane's state succeeds only while the lease it was taken under still stands.
        builder.Property(l => l.LeaseUntil).IsConcurrencyToken();
    }
}
