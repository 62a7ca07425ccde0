using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Contacts;

public class ContactListConfiguration : IEntityTypeConfiguration<ContactList>
{
    public void Configure(EntityTypeBuilder<ContactList> builder)
    {
        builder.ToTable("ContactLists");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Name).HasMaxLength(ContactList.NameLength);
        builder.HasIndex(l => new { l.AccountId, l.Name }).IsUnique();
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
