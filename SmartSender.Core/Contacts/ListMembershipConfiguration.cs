using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Contacts;

public class ListMembershipConfiguration : IEntityTypeConfiguration<ListMembership>
{
    public void Configure(EntityTypeBuilder<ListMembership> builder)
    {
        builder.ToTable("ListMemberships");
        builder.HasKey(m => new { m.ListId, m.ContactId });
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.How).HasMaxLength(200);
        builder.HasIndex(m => m.ContactId);
        builder.HasOne<ContactList>().WithMany().HasForeignKey(m => m.ListId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Contact>().WithMany().HasForeignKey(m => m.ContactId).OnDelete(DeleteBehavior.Cascade);
    }
}
