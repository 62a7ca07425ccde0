using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SmartSender.Core.Contacts;

public class ContactFieldConfiguration : IEntityTypeConfiguration<ContactField>
{
    public void Configure(EntityTypeBuilder<ContactField> builder)
    {
        builder.ToTable("ContactFields");
        builder.HasKey(f => new { f.AccountId, f.Name });
        builder.Property(f => f.Name).HasMaxLength(40);
        builder.Property(f => f.Type).HasConversion<string>().HasMaxLength(10);
        builder.HasOne<Accounts.Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
