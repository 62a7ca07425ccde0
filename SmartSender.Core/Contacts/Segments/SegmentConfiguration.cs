using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmartSender.Core.Contacts;

namespace SmartSender.Core.Contacts.Segments;

public class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> builder)
    {
        builder.ToTable("Segments");
        builder.HasKey(s => s.Id);
        builder.Ignore(s => s.Conditions);
        builder.Property(s => s.Name).HasMaxLength(Segment.NameLength);
        builder.Property(s => s.Match).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(s => new { s.AccountId, s.Name }).IsUnique();
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ContactList>().WithMany().HasForeignKey(s => s.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
